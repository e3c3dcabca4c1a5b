package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.inference.WorkerTesting.frame;
import static org.segstream.inference.WorkerTesting.header;
import static org.segstream.inference.WorkerTesting.mask;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.segstream.inference.decode.FrameDecoderTest;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

/** The worker on a real broker with the bundled demo model. */
class InferenceWorkerIT extends OnBroker {
  @Test
  void badFramesGoToTheDeadLetterTopicWithTheirSourceAndTheStreamGoesOn() throws Exception {
    Map<String, String> env = WorkerTesting.env(kafka, 2);
    env.put("SEGSTREAM_MAX_BATCH", "4");
    env.put("SEGSTREAM_MAX_FRAME_PIXELS", String.valueOf(640 * 480));
    env.put("SEGSTREAM_METRICS_PORT", String.valueOf(freePort()));
    WorkerConfig config = WorkerConfig.fromEnv(env);

    int good = 12;
    byte[] jpeg = FrameDecoderTest.jpeg(320, 180);
    Frame template = frame("cam-0", 0, 320, 180, jpeg);
    Map<String, String> expectedReasons = Map.of(
        "garbage", "not a Frame",
        "not-a-jpeg", "not a decodable JPEG image",
        "zero-size", "empty size 0x0",
        "too-large", "exceeds the worker's limit",
        "wrong-size", "frame declares 100x100 but its image is 320x180");
    List<Future<?>> sent = new ArrayList<>();
    try (var producer = WorkerTesting.producer(kafka)) {
      for (int i = 0; i < good; i++) {
        Frame f = frame("cam-" + (i % 2), i / 2, 320, 180, jpeg);
        sent.add(producer.send(new ProducerRecord<>(config.framesTopic(), f.getCameraId(), f.toByteArray())));
        if (i == 3) {
          // Bad frames between good ones, on both partitions: what follows them must still be masked.
          producer.send(new ProducerRecord<>(config.framesTopic(), "garbage", "not a frame".getBytes(StandardCharsets.UTF_8)));
          producer.send(new ProducerRecord<>(config.framesTopic(), "not-a-jpeg",
              template.toBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("no jpeg")).build().toByteArray()));
          producer.send(new ProducerRecord<>(config.framesTopic(), "zero-size",
              template.toBuilder().setWidth(0).setHeight(0).build().toByteArray()));
          producer.send(new ProducerRecord<>(config.framesTopic(), "too-large",
              template.toBuilder().setWidth(4000).setHeight(3000).build().toByteArray()));
          producer.send(new ProducerRecord<>(config.framesTopic(), "wrong-size",
              template.toBuilder().setWidth(100).setHeight(100).build().toByteArray()));
        }
      }
      // A frame the broker refused would otherwise only show as a mask missing later.
      for (var send : sent) {
        send.get(60, TimeUnit.SECONDS);
      }
    }

    try (InferenceWorker worker = InferenceWorker.start(config)) {
      List<ConsumerRecord<String, byte[]>> masks = WorkerTesting.readCommitted(kafka, config.masksTopic(), good, Duration.ofSeconds(90));
      List<ConsumerRecord<String, byte[]>> dead = WorkerTesting.readCommitted(kafka, config.deadLetterTopic(), 5, Duration.ofSeconds(30));

      // What the worker did, should the masks fall short: a stalled partition or a dead lane.
      assertThat(masks).as("masks (worker healthy %s, consumed %d, masks %d, dead letters %d: %s)", worker.healthy(),
          worker.stats().framesConsumed(), worker.stats().masksPublished(), worker.stats().deadLettered(),
          dead.stream().map(r -> r.key() + ": " + header(r, Topics.HEADER_DLQ_REASON)).toList()).hasSize(good);
      for (ConsumerRecord<String, byte[]> record : masks) {
        Mask mask = mask(record);
        assertThat(mask.getCameraId()).isEqualTo(record.key());
        // The demo model's input size (its card): masks are at model resolution by default.
        assertThat(mask.getWidth()).isEqualTo(640);
        assertThat(mask.getHeight()).isEqualTo(320);
        assertThat(mask.getFrameWidth()).isEqualTo(320);
        assertThat(mask.getEncoding()).isEqualTo(MaskEncoding.MASK_RLE);
        long total = mask.getClassCountsList().stream().mapToLong(c -> c.getPixels()).sum();
        assertThat(total).isEqualTo(640 * 320);
        assertThat(MaskCodec.decode(mask.getData().toByteArray(), 640, 320)).hasSize(640 * 320);
        assertThat(mask.getModelId()).startsWith("segformer/demo@");
        assertThat(mask.getTimings().getModelUs()).isPositive();
        assertThat(mask.getTimings().getTotalUs()).isGreaterThanOrEqualTo(mask.getTimings().getModelUs());
      }
      assertThat(masks.stream().map(r -> WorkerTesting.frameKey(mask(r))).distinct()).hasSize(good);

      assertThat(dead).hasSize(5);
      for (ConsumerRecord<String, byte[]> record : dead) {
        assertThat(header(record, Topics.HEADER_DLQ_REASON)).as("reason of %s", record.key())
            .contains(expectedReasons.get(record.key()));
        assertThat(header(record, Topics.HEADER_DLQ_TOPIC)).isEqualTo(config.framesTopic());
        assertThat(header(record, Topics.HEADER_DLQ_PARTITION)).matches("[01]");
        assertThat(header(record, Topics.HEADER_DLQ_OFFSET)).matches("\\d+");
      }
      assertThat(worker.stats().masksPublished()).isEqualTo(good);
      assertThat(worker.stats().deadLettered()).isEqualTo(5);

      String metrics = scrape(config.metricsPort());
      assertThat(metrics)
          .contains("segstream_worker_masks_total{worker=\"" + config.workerId() + "\"} 12.0")
          .contains("segstream_worker_dead_letters_total{reason=\"too_large\"")
          .contains("segstream_worker_frames_consumed_total")
          .contains("segstream_worker_batch_size_count")
          .contains("segstream_worker_model_time_seconds_count")
          .contains("segstream_worker_frame_age_seconds_count")
          .contains("segstream_worker_frames_skipped_total")
          .contains("segstream_worker_queue_depth{lane=");
    }
  }

  @Test
  void pngMasksAtFrameResolutionCarryTheLabelSetsPaletteAndMatchTheirCounts() throws Exception {
    Map<String, String> env = WorkerTesting.env(kafka, 1);
    env.put("SEGSTREAM_MASK_ENCODING", "png");
    env.put("SEGSTREAM_MASK_RESOLUTION", "frame");
    WorkerConfig config = WorkerConfig.fromEnv(env);
    try (var producer = WorkerTesting.producer(kafka)) {
      Frame f = frame("cam-png", 0, 320, 180, FrameDecoderTest.jpeg(320, 180));
      producer.send(new ProducerRecord<>(config.framesTopic(), f.getCameraId(), f.toByteArray()));
    }
    try (InferenceWorker worker = InferenceWorker.start(config)) {
      Mask mask = mask(WorkerTesting.readCommitted(kafka, config.masksTopic(), 1, Duration.ofSeconds(90)).get(0));

      assertThat(mask.getEncoding()).isEqualTo(MaskEncoding.MASK_PNG_INDEXED);
      assertThat(mask.getWidth()).isEqualTo(320);
      assertThat(mask.getHeight()).isEqualTo(180);
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(mask.getData().toByteArray()));
      assertThat(png.getWidth()).isEqualTo(320);
      assertThat(png.getColorModel()).isInstanceOf(IndexColorModel.class);
      IndexColorModel palette = (IndexColorModel) png.getColorModel();
      // Cityscapes' road is (128, 64, 128).
      assertThat(new int[] {palette.getRed(0), palette.getGreen(0), palette.getBlue(0)}).containsExactly(128, 64, 128);
      byte[] classes = ((DataBufferByte) png.getRaster().getDataBuffer()).getData();
      long[] counts = MaskCodec.classCounts(classes, classes.length);
      Map<Integer, Long> declared = new HashMap<>();
      mask.getClassCountsList().forEach(c -> declared.put(c.getClassId(), c.getPixels()));
      for (int c = 0; c < counts.length; c++) {
        assertThat(declared.getOrDefault(c, 0L)).as("pixels of class %d", c).isEqualTo(counts[c]);
      }
    }
  }

  @Test
  void framesDecodedAtAReducedScaleAreMaskedAtTheSizeTheyDeclare() throws Exception {
    Map<String, String> env = WorkerTesting.env(kafka, 1);
    env.put("SEGSTREAM_DECODE_REDUCED", "true");
    env.put("SEGSTREAM_MASK_RESOLUTION", "frame");
    WorkerConfig config = WorkerConfig.fromEnv(env);
    // The demo model takes 640x320: both frames are decoded at 1/2, the second to 642x323 (rounded up).
    int[][] sizes = {{1280, 640}, {1283, 645}};
    try (var producer = WorkerTesting.producer(kafka)) {
      for (int i = 0; i < sizes.length; i++) {
        Frame f = frame("cam-half", i, sizes[i][0], sizes[i][1], FrameDecoderTest.jpeg(sizes[i][0], sizes[i][1]));
        producer.send(new ProducerRecord<>(config.framesTopic(), f.getCameraId(), f.toByteArray()));
      }
    }
    try (InferenceWorker worker = InferenceWorker.start(config)) {
      List<ConsumerRecord<String, byte[]>> masks =
          WorkerTesting.readCommitted(kafka, config.masksTopic(), sizes.length, Duration.ofSeconds(90));

      assertThat(masks).hasSize(sizes.length);
      for (ConsumerRecord<String, byte[]> record : masks) {
        Mask mask = mask(record);
        int[] size = sizes[(int) mask.getSequence()];
        assertThat(new int[] {mask.getWidth(), mask.getHeight()}).containsExactly(size[0], size[1]);
        assertThat(mask.getClassCountsList().stream().mapToLong(c -> c.getPixels()).sum())
            .isEqualTo((long) size[0] * size[1]);
      }
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
