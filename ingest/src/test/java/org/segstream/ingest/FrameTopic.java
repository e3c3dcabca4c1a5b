package org.segstream.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.Serdes;
import org.segstream.proto.v1.Frame;

/** Reads what ingest wrote to a frames topic, as a downstream consumer would. */
final class FrameTopic {
  private FrameTopic() {}

  /** Every record on {@code topic}, read until {@code expected} arrived or {@code timeout} passed. */
  static List<ConsumerRecord<String, Frame>> read(EmbeddedKafka kafka, String topic, int expected, Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES);
    List<ConsumerRecord<String, Frame>> records = new ArrayList<>();
    try (KafkaConsumer<String, Frame> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), Serdes.frame().deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // One more poll after the expected count, so an extra (duplicated) frame would show up.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
