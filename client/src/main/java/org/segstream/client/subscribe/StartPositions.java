package org.segstream.client.subscribe;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.segstream.client.SubscriptionConfig.StartAt;

/**
 * Seeks the masks reader to its start. For the last N masks of each camera it scans back from
 * each partition's end in growing windows until every camera met there has N masks in the window
 * (or the partition's beginning is reached), then skips each camera's surplus when reading.
 */
final class StartPositions {
  /** Masks to skip per camera before delivering. */
  final Map<String, Long> surplus = new HashMap<>();
  /** Offsets the reading starts from, per partition. */
  final Map<TopicPartition, Long> starts = new HashMap<>();
  /** End offsets when the subscription opened; a bounded read is done when it reaches them. */
  final Map<TopicPartition, Long> ends;

  private StartPositions(Map<TopicPartition, Long> ends) {
    this.ends = ends;
  }

  static StartPositions seek(Consumer<String, byte[]> consumer, StartAt start, Set<String> cameras) {
    Set<TopicPartition> partitions = consumer.assignment();
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
    StartPositions positions = new StartPositions(start instanceof StartAt.Latest ? Map.of() : ends);
    for (TopicPartition tp : partitions) {
      long from;
      if (start instanceof StartAt.Last last) {
        from = positions.scanBack(consumer, tp, begins.get(tp), ends.get(tp), last.count(), cameras);
      } else {
        from = start instanceof StartAt.Earliest ? begins.get(tp) : ends.get(tp);
      }
      positions.starts.put(tp, from);
    }
    positions.starts.forEach(consumer::seek);
    return positions;
  }

  private long scanBack(Consumer<String, byte[]> consumer, TopicPartition tp, long begin, long end, int count,
      Set<String> cameras) {
    long window = Math.max(64, 4L * count);
    while (true) {
      long from = Math.max(begin, end - window);
      Map<String, Long> seen = countKeys(consumer, tp, from, end, cameras);
      boolean enough = seen.values().stream().allMatch(n -> n >= count);
      if (enough || from == begin) {
        seen.forEach((camera, n) -> surplus.merge(camera, Math.max(0, n - count), Long::sum));
        return from;
      }
      window *= 4;
    }
  }

  /** Masks per camera between two offsets of one partition, the others paused meanwhile. */
  private static Map<String, Long> countKeys(Consumer<String, byte[]> consumer, TopicPartition tp, long from,
      long end, Set<String> cameras) {
    Map<String, Long> seen = new HashMap<>();
    Set<TopicPartition> all = consumer.assignment();
    consumer.pause(all);
    consumer.resume(Set.of(tp));
    consumer.seek(tp, from);
    try {
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end && record.key() != null
              && (cameras.isEmpty() || cameras.contains(record.key()))) {
            seen.merge(record.key(), 1L, Long::sum);
          }
        }
      }
    } finally {
      consumer.resume(all);
    }
    return seen;
  }
}
