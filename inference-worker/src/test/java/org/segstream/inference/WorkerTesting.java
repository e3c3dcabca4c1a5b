package org.segstream.inference;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.inference.decode.FrameDecoderTest;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.kafka.TopicReader;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Mask;

/** What the worker's integration tests share: their own topics per test, frames, reading masks. */
final class WorkerTesting {
  static final String DEMO_MODEL = "../models/demo/segformer-demo";

  private WorkerTesting() {}

  /** Worker variables for a test of its own: unique topics (created here), group and worker id. */
  static Map<String, String> env(EmbeddedKafka kafka, int partitions) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>(Map.of(
        "SEGSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "SEGSTREAM_FRAMES_TOPIC", "frames-" + suffix,
        "SEGSTREAM_MASKS_TOPIC", "masks-" + suffix,
        "SEGSTREAM_FRAMES_DLQ_TOPIC", "dlq-" + suffix,
        "SEGSTREAM_WORKER_GROUP", "group-" + suffix,
        "SEGSTREAM_WORKER_ID", "w-" + suffix,
        "SEGSTREAM_MODEL_DIR", DEMO_MODEL,
        "SEGSTREAM_POOL_THREADS", "2"));
    kafka.createTopics(partitions, env.get("SEGSTREAM_FRAMES_TOPIC"), env.get("SEGSTREAM_MASKS_TOPIC"),
        env.get("SEGSTREAM_FRAMES_DLQ_TOPIC"));
    return env;
  }

  static Frame frame(String camera, long sequence, int width, int height, byte[] jpeg) {
    return Frame.newBuilder().setCameraId(camera).setSequence(sequence)
        .setCaptureTimeUs(System.currentTimeMillis() * 1000).setWidth(width).setHeight(height)
        .setEncoding(ImageEncoding.JPEG).setData(ByteString.copyFrom(jpeg)).build();
  }

  /**
   * Frames {@code first … first + count - 1} of cameras {@code cam-0 … cam-(cameras-1)}, 320×180
   * JPEG, interleaved by sequence; camera c on partition c when {@code cameraPerPartition}, else
   * where its key hashes to.
   */
  static void publish(EmbeddedKafka kafka, String topic, int cameras, int first, int count, boolean cameraPerPartition) {
    byte[] jpeg = FrameDecoderTest.jpeg(320, 180);
    try (var producer = producer(kafka)) {
      for (int seq = first; seq < first + count; seq++) {
        for (int c = 0; c < cameras; c++) {
          Frame f = frame("cam-" + c, seq, 320, 180, jpeg);
          producer.send(new ProducerRecord<>(topic, cameraPerPartition ? c : null, f.getCameraId(), f.toByteArray()));
        }
      }
    }
  }

  static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringSerializer(), new ByteArraySerializer());
  }

  static List<ConsumerRecord<String, byte[]>> readCommitted(EmbeddedKafka kafka, String topic, int expected,
      Duration timeout) {
    return TopicReader.readCommitted(kafka.bootstrapServers(), topic, expected, timeout);
  }

  static Mask mask(ConsumerRecord<String, byte[]> record) {
    try {
      return Mask.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a Mask at offset " + record.offset(), e);
    }
  }

  /** A mask's frame identity, for counting duplicates. */
  static String frameKey(Mask mask) {
    return frameKey(mask.getCameraId(), mask.getSequence());
  }

  static String frameKey(String camera, long sequence) {
    return camera + "/" + sequence;
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
