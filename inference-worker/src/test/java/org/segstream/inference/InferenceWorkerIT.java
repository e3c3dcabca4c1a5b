package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segstream.inference.decode.FrameDecoderTest;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.kafka.TopicReader;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Mask;

/** The worker on a real broker with the bundled demo model. */
class InferenceWorkerIT {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void everyGoodFrameGetsOneMaskAndGarbageGoesToTheDeadLetterTopic() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    WorkerConfig config = new WorkerConfig(kafka.bootstrapServers(), "frames-" + suffix, "masks-" + suffix,
        "dlq-" + suffix, "group-" + suffix, Path.of("../models/demo/segformer-demo"), "w-" + suffix, 1, 4,
        4096 * 4096);
    kafka.createTopics(2, config.framesTopic(), config.masksTopic(), config.deadLetterTopic());

    int good = 10;
    byte[] jpeg = FrameDecoderTest.jpeg(320, 180);
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < good; i++) {
        Frame frame = Frame.newBuilder().setCameraId("cam-" + (i % 2)).setSequence(i / 2)
            .setCaptureTimeUs(System.currentTimeMillis() * 1000).setWidth(320).setHeight(180)
            .setEncoding(ImageEncoding.JPEG).setData(ByteString.copyFrom(jpeg)).build();
        producer.send(new ProducerRecord<>(config.framesTopic(), frame.getCameraId(), frame.toByteArray()));
        if (i == 4) {
          producer.send(new ProducerRecord<>(config.framesTopic(), "cam-0", "not a frame".getBytes(StandardCharsets.UTF_8)));
          Frame notAnImage = frame.toBuilder().setData(ByteString.copyFromUtf8("no jpeg")).build();
          producer.send(new ProducerRecord<>(config.framesTopic(), "cam-1", notAnImage.toByteArray()));
        }
      }
    }

    try (InferenceWorker worker = InferenceWorker.start(config)) {
      List<ConsumerRecord<String, byte[]>> masks = consume(config.masksTopic(), good);
      List<ConsumerRecord<String, byte[]>> dead = consume(config.deadLetterTopic(), 2);

      assertThat(masks).hasSize(good);
      for (ConsumerRecord<String, byte[]> record : masks) {
        Mask mask = Mask.parseFrom(record.value());
        assertThat(mask.getCameraId()).isEqualTo(record.key());
        assertThat(mask.getWidth()).isEqualTo(512);
        assertThat(mask.getHeight()).isEqualTo(256);
        assertThat(mask.getFrameWidth()).isEqualTo(320);
        long total = mask.getClassCountsList().stream().mapToLong(c -> c.getPixels()).sum();
        assertThat(total).isEqualTo(512 * 256);
        assertThat(MaskCodec.decode(mask.getData().toByteArray(), 512, 256)).hasSize(512 * 256);
        assertThat(mask.getModelId()).startsWith("segformer/demo@");
      }
      assertThat(masks.stream().map(r -> r.key() + "/" + parse(r).getSequence()).distinct()).hasSize(good);

      assertThat(dead).hasSize(2);
      assertThat(dead).allSatisfy(r -> {
        assertThat(header(r, Topics.HEADER_DLQ_TOPIC)).isEqualTo(config.framesTopic());
        assertThat(header(r, Topics.HEADER_DLQ_OFFSET)).matches("\\d+");
      });
      assertThat(dead.stream().map(r -> header(r, Topics.HEADER_DLQ_REASON)))
          .anySatisfy(reason -> assertThat(reason).contains("not a Frame"))
          .anySatisfy(reason -> assertThat(reason).contains("not a decodable JPEG image"));
      assertThat(worker.stats().masksPublished()).isEqualTo(good);
      assertThat(worker.stats().deadLettered()).isEqualTo(2);
    }
  }

  private static Mask parse(ConsumerRecord<String, byte[]> record) {
    try {
      return Mask.parseFrom(record.value());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
    return TopicReader.readCommitted(kafka.bootstrapServers(), topic, expected, Duration.ofSeconds(90));
  }
}
