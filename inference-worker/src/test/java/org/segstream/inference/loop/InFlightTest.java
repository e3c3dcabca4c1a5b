package org.segstream.inference.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightTest {
  private static ConsumerRecord<String, byte[]> record(int partition, long offset) {
    return new ConsumerRecord<>("frames", partition, offset, "cam", new byte[0]);
  }

  @Test
  void settledJobsComeBackInOffsetOrderPerPartitionAndWaitForTheirPredecessors() {
    InFlight inFlight = new InFlight();
    Job a0 = inFlight.add(record(0, 0));
    Job a1 = inFlight.add(record(0, 1));
    Job b0 = inFlight.add(record(1, 0));

    a1.settle(Outcome.skipped());
    b0.settle(Outcome.skipped());
    assertThat(inFlight.takeSettled()).containsExactly(b0);

    a0.settle(Outcome.skipped());
    assertThat(inFlight.takeSettled()).containsExactly(a0, a1);
    assertThat(inFlight.isEmpty()).isTrue();
  }

  @Test
  void onlyUnsettledJobsCountAsWorkStillToDo() {
    InFlight inFlight = new InFlight();
    Job a0 = inFlight.add(record(0, 0));
    Job a1 = inFlight.add(record(0, 1));
    Job a2 = inFlight.add(record(0, 2));

    a1.settle(Outcome.skipped());
    a2.settle(Outcome.skipped());
    a2.settle(Outcome.skipped());
    assertThat(inFlight.size()).isEqualTo(3);
    assertThat(inFlight.unsettled()).as("a1 and a2 wait only for a0").isEqualTo(1);

    a0.settle(Outcome.skipped());
    inFlight.takeSettled();
    assertThat(inFlight.unsettled()).isZero();
  }

  @Test
  void cancellingAPartitionDropsItsJobsAndMarksThemCancelled() {
    InFlight inFlight = new InFlight();
    Job a0 = inFlight.add(record(0, 0));
    Job a1 = inFlight.add(record(0, 1));
    Job b0 = inFlight.add(record(1, 0));
    a1.settle(Outcome.skipped());

    inFlight.cancel(List.of(new TopicPartition("frames", 0)));
    a0.settle(Outcome.skipped());

    assertThat(a0.cancelled()).isTrue();
    assertThat(inFlight.size()).isEqualTo(1);
    assertThat(inFlight.unsettled()).as("b0 alone; a0 settled after its cancel counts for nothing").isEqualTo(1);
    assertThat(inFlight.holdsAny(List.of(new TopicPartition("frames", 0)))).isFalse();
    assertThat(inFlight.holdsAny(List.of(new TopicPartition("frames", 1)))).isTrue();
    b0.settle(Outcome.skipped());
    assertThat(inFlight.unsettled()).isZero();
  }
}
