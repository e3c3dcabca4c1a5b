package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.inference.WorkerTesting.frameKey;
import static org.segstream.inference.WorkerTesting.mask;

import ai.djl.inference.Predictor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segstream.inference.decode.FrameDecoder;
import org.segstream.inference.decode.FrameDecoderTest;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.v1.Frame;

/**
 * Frames arriving five times faster than the model serves them (its rate measured here first):
 * {@code freshest} keeps every published mask's frame age under the bound and counts what it
 * skipped; {@code lossless} masks every frame.
 */
class OverloadIT extends OnBroker {
  static final int BATCH = 2;
  static final int WIDTH = 160;
  static final int HEIGHT = 90;
  static final Duration PUBLISHING = Duration.ofSeconds(4);
  static final int MAX_AGE_MS = 1000;

  static double modelFramesPerSecond;

  @BeforeAll
  static void timeTheModel() throws Exception {
    modelFramesPerSecond = modelFramesPerSecond();
  }

  @Test
  void freshestSkipsFramesThatWouldBeTooOldAndKeepsFrameAgeUnderTheBound() throws Exception {
    Map<String, String> env = env("freshest");
    try (InferenceWorker worker = InferenceWorker.start(WorkerConfig.fromEnv(env))) {
      int published = publishFiveTimesFasterThanTheModel(env.get("SEGSTREAM_FRAMES_TOPIC"));
      awaitSettled(worker, published, Duration.ofSeconds(120));

      long masked = worker.stats().masksPublished();
      long skipped = worker.stats().skipped();
      System.out.printf("freshest: model %.1f frames/s, %d frames published at 5x that: %d masked, %d skipped%n",
          modelFramesPerSecond, published, masked, skipped);
      assertThat(skipped).as("frames skipped of %d", published).isPositive();
      assertThat(masked).as("frames masked of %d", published).isPositive();
      assertThat(masked + skipped).isEqualTo(published);
      assertThat(worker.scrape()).contains("segstream_worker_frames_skipped_total{worker=\"" + env.get("SEGSTREAM_WORKER_ID")
          + "\"} " + skipped + ".0");

      List<ConsumerRecord<String, byte[]>> masks =
          WorkerTesting.readCommitted(kafka, env.get("SEGSTREAM_MASKS_TOPIC"), (int) masked, Duration.ofSeconds(30));
      assertThat(masks).hasSize((int) masked);
      for (ConsumerRecord<String, byte[]> record : masks) {
        // Frame age when its mask was published: the mask record's timestamp minus capture time.
        long age = record.timestamp() - mask(record).getCaptureTimeUs() / 1000;
        assertThat(age).as("age of %s", frameKey(mask(record))).isBetween(0L, (long) MAX_AGE_MS);
      }
    }
  }

  @Test
  void losslessMasksEveryFrameUnderTheSameOverload() throws Exception {
    Map<String, String> env = env("lossless");
    try (InferenceWorker worker = InferenceWorker.start(WorkerConfig.fromEnv(env))) {
      int published = publishFiveTimesFasterThanTheModel(env.get("SEGSTREAM_FRAMES_TOPIC"));
      awaitSettled(worker, published, Duration.ofSeconds(300));

      assertThat(worker.stats().skipped()).isZero();
      List<ConsumerRecord<String, byte[]>> masks =
          WorkerTesting.readCommitted(kafka, env.get("SEGSTREAM_MASKS_TOPIC"), published, Duration.ofSeconds(60));
      assertThat(masks).hasSize(published);
      assertThat(masks.stream().map(r -> frameKey(mask(r))).distinct()).hasSize(published);
    }
  }

  private static Map<String, String> env(String policy) {
    Map<String, String> env = WorkerTesting.env(kafka, 2);
    env.put("SEGSTREAM_OVERLOAD_POLICY", policy);
    env.put("SEGSTREAM_MAX_FRAME_AGE_MS", String.valueOf(MAX_AGE_MS));
    env.put("SEGSTREAM_MAX_BATCH", String.valueOf(BATCH));
    return env;
  }

  /** Publishes two cameras' frames, paced at five times the model's rate; returns how many. */
  private static int publishFiveTimesFasterThanTheModel(String topic) throws InterruptedException {
    double rate = 5 * modelFramesPerSecond;
    int frames = (int) Math.ceil(rate * PUBLISHING.toMillis() / 1000.0);
    byte[] jpeg = FrameDecoderTest.jpeg(WIDTH, HEIGHT);
    long start = System.nanoTime();
    try (var producer = WorkerTesting.producer(kafka)) {
      for (int i = 0; i < frames; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        Frame f = WorkerTesting.frame("cam-" + (i % 2), i / 2, WIDTH, HEIGHT, jpeg);
        producer.send(new ProducerRecord<>(topic, f.getCameraId(), f.toByteArray()));
      }
    }
    return frames;
  }

  private static void awaitSettled(InferenceWorker worker, int frames, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (worker.stats().masksPublished() + worker.stats().skipped() + worker.stats().deadLettered() < frames) {
      assertThat(worker.healthy()).isTrue();
      assertThat(System.nanoTime()).as("all %d frames settled in time", frames).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The model's frames/s at the test's batch size on this machine, as a worker's predictor thread runs it. */
  private static double modelFramesPerSecond() throws Exception {
    var thread = Executors.newSingleThreadExecutor();
    try (SegmentationModel model = SegmentationModel.load(Path.of(WorkerTesting.DEMO_MODEL))) {
      return thread.submit(() -> {
        SegmentationModel.inferenceThread();
        PreparedFrame frame;
        Frame f = WorkerTesting.frame("c", 0, WIDTH, HEIGHT, FrameDecoderTest.jpeg(WIDTH, HEIGHT));
        try (Mat image = new FrameDecoder(Integer.MAX_VALUE).decode(f)) {
          frame = model.prepare(new FrameImage(image, false));
        }
        List<PreparedFrame> batch = Collections.nCopies(BATCH, frame);
        try (Predictor<List<PreparedFrame>, List<ClassMap>> predictor = model.newPredictor()) {
          model.warmUp(predictor, BATCH);
          int runs = 8;
          long start = System.nanoTime();
          for (int i = 0; i < runs; i++) {
            predictor.predict(batch);
          }
          return runs * BATCH / ((System.nanoTime() - start) / 1e9);
        }
      }).get();
    } finally {
      thread.shutdown();
    }
  }
}
