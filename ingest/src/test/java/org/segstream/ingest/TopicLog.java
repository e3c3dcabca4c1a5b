package org.segstream.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.segstream.kafka.EmbeddedKafka;

/**
 * Everything a downstream {@code read_committed} consumer has read from one topic so far, for
 * tests that watch a topic while ingest runs and wait for a record to show up.
 */
final class TopicLog<T> implements AutoCloseable {
  private final KafkaConsumer<String, T> consumer;
  private final List<ConsumerRecord<String, T>> records = new ArrayList<>();

  TopicLog(EmbeddedKafka kafka, String topic, Deserializer<T> values) {
    consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-log-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringDeserializer(), values);
    consumer.subscribe(List.of(topic));
  }

  /** Reads until a record with key {@code key} matching {@code test} arrives; that record, or null at the timeout. */
  ConsumerRecord<String, T> await(String key, Predicate<T> test, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    while (true) {
      for (; checked < records.size(); checked++) {
        ConsumerRecord<String, T> r = records.get(checked);
        if (r.key().equals(key) && test.test(r.value())) {
          return r;
        }
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
  }

  /** Reads for {@code duration} more. */
  void readFor(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
  }

  /** The values of {@code key} read so far, in order (null for tombstones). */
  List<T> values(String key) {
    return records.stream().filter(r -> r.key().equals(key)).map(ConsumerRecord::value).toList();
  }

  List<ConsumerRecord<String, T>> records() {
    return records;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
