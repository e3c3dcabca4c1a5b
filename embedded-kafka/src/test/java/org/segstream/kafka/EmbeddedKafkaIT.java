package org.segstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @Test
  void producesAndConsumesOnAFreePort() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      kafka.createTopics(2, "t");
      produce(kafka, "t", List.of("a", "b", "c"));
      assertThat(consumeAll(kafka, "t", 3)).containsExactlyInAnyOrder("a", "b", "c");
    }
  }

  @Test
  void aCreatedTopicTakesAnIdempotentProducersRecordsAtOnce() throws Exception {
    // createTopics returns once the broker leads every partition: records sent at once are
    // written the first time, not refused as sent to a non-leader and retried (an idempotent
    // producer's retry can then meet out-of-order sequence errors until its delivery times out).
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        var producer = new KafkaProducer<String, String>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new StringSerializer())) {
      for (int t = 0; t < 20; t++) {
        String topic = "fresh-" + t;
        kafka.createTopics(2, topic);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
        }
        for (var send : sent) {
          send.get(20, TimeUnit.SECONDS);
        }
      }
      assertThat(producer.metrics().entrySet()).filteredOn(e -> e.getKey().name().equals("record-retry-total"))
          .extracting(e -> e.getValue().metricValue()).isNotEmpty().containsOnly(0.0);
    }
  }

  @Test
  void restartOnExistingDataKeepsRecords(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, data)) {
      kafka.createTopics(1, "kept");
      produce(kafka, "kept", List.of("x", "y"));
    }
    assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, data)) {
      assertThat(kafka.topics()).contains("kept");
      assertThat(consumeAll(kafka, "kept", 2)).containsExactly("x", "y");
    }
  }

  @Test
  void temporaryDataDirectoryIsRemovedOnClose() {
    Path data;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      data = kafka.dataDir();
      assertThat(Files.exists(data)).isTrue();
    }
    assertThat(Files.exists(data)).isFalse();
  }

  private static void produce(EmbeddedKafka kafka, String topic, List<String> values) throws Exception {
    try (var producer = new KafkaProducer<String, String>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, "k", v)).get();
      }
    }
  }

  private static List<String> consumeAll(EmbeddedKafka kafka, String topic, int expected) {
    List<String> seen = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (seen.size() < expected && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.value());
        }
      }
    }
    return seen;
  }
}
