package org.segstream.inference.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** The Kafka steps of a lane that need none of its state: rewinding, sorting errors, leaving. */
final class KafkaSteps {
  private KafkaSteps() {}

  /** Seeks {@code partitions} back to their committed offsets, or to the start where none is committed. */
  static void rewind(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata offset = committed.get(tp);
      if (offset == null) {
        fromStart.add(tp);
      } else {
        consumer.seek(tp, offset);
      }
    }
    consumer.seekToBeginning(fromStart);
  }

  /** Errors after which this lane must not go on: another instance owns its ids, or it may not write. */
  static boolean isFatal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException
          || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException
          || t instanceof UnsupportedVersionException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes the consumer leaving the group, so a stopped worker's partitions move at once; the
   * group instance id (static membership) otherwise holds them until the session times out.
   */
  record LeaveOnClose(KafkaConsumer<String, byte[]> consumer) implements AutoCloseable {
    @Override
    public void close() {
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(10)));
    }
  }
}
