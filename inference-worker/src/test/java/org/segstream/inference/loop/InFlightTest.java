package org.segstream.inference.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightTest {
  private static Job job(int partition, long offset) {
    return new Job(new ConsumerRecord<>("frames", partition, offset, "cam", new byte[0]));
  }

  @Test
  void settledJobsComeBackInOffsetOrderPerPartitionAndWaitForTheirPredecessors() {
    InFlight inFlight = new InFlight();
    Job a0 = job(0, 0);
    Job a1 = job(0, 1);
    Job b0 = job(1, 0);
    List.of(a0, a1, b0).forEach(inFlight::add);

    a1.settle(Outcome.skipped());
    b0.settle(Outcome.skipped());
    assertThat(inFlight.takeSettled()).containsExactly(b0);

    a0.settle(Outcome.skipped());
    assertThat(inFlight.takeSettled()).containsExactly(a0, a1);
    assertThat(inFlight.isEmpty()).isTrue();
  }

  @Test
  void cancellingAPartitionDropsItsJobsAndMarksThemCancelled() {
    InFlight inFlight = new InFlight();
    Job a0 = job(0, 0);
    Job b0 = job(1, 0);
    inFlight.add(a0);
    inFlight.add(b0);

    inFlight.cancel(List.of(new TopicPartition("frames", 0)));

    assertThat(a0.cancelled()).isTrue();
    assertThat(inFlight.size()).isEqualTo(1);
    assertThat(inFlight.holdsAny(List.of(new TopicPartition("frames", 0)))).isFalse();
    assertThat(inFlight.holdsAny(List.of(new TopicPartition("frames", 1)))).isTrue();
  }
}
