package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.inference.WorkerTesting.frame;
import static org.segstream.inference.WorkerTesting.header;
import static org.segstream.inference.WorkerTesting.mask;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.decode.FrameDecoderTest;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;

/**
 * The worker on a real broker with a real TorchScript model that raises inside its graph when a
 * batch holds a white frame ({@code segstream_models.tripwire}, exported here by Debian's python3).
 */
class ModelErrorIT extends OnBroker {
  private static final int NORMAL = 12;
  /** The white frame goes after this many normal ones, so frames before and after it share its batch. */
  private static final int WHITE_AFTER = 5;

  @Test
  void onlyTheFrameTheModelFailsOnIsDeadLetteredAndItsBatchMatesAndTheFramesAfterItGetMasks(@TempDir Path dir)
      throws Exception {
    exportTripwire(dir);
    Map<String, String> env = WorkerTesting.env(kafka, 1);
    env.put("SEGSTREAM_MODEL_DIR", dir.toString());
    env.put("SEGSTREAM_MAX_BATCH", "4");
    // Long enough for the burst to fill its batches even on a slow machine.
    env.put("SEGSTREAM_MAX_WAIT_MS", "1000");
    WorkerConfig config = WorkerConfig.fromEnv(env);

    byte[] jpeg = FrameDecoderTest.jpeg(320, 180);
    List<String> expected = new ArrayList<>();
    long whiteOffset = -1;
    try (var producer = WorkerTesting.producer(kafka)) {
      for (int i = 0; i < NORMAL; i++) {
        if (i == WHITE_AFTER) {
          Frame white = frame("cam-white", 0, 320, 180, whiteJpeg(320, 180));
          whiteOffset = producer.send(new ProducerRecord<>(config.framesTopic(), white.getCameraId(),
              white.toByteArray())).get().offset();
        }
        Frame f = frame("cam-0", i, 320, 180, jpeg);
        producer.send(new ProducerRecord<>(config.framesTopic(), f.getCameraId(), f.toByteArray()));
        expected.add(WorkerTesting.frameKey(f.getCameraId(), i));
      }
    }

    try (InferenceWorker worker = InferenceWorker.start(config)) {
      List<ConsumerRecord<String, byte[]>> masks =
          WorkerTesting.readCommitted(kafka, config.masksTopic(), NORMAL, Duration.ofSeconds(90));
      List<ConsumerRecord<String, byte[]>> dead =
          WorkerTesting.readCommitted(kafka, config.deadLetterTopic(), 1, Duration.ofSeconds(30));

      assertThat(masks).as("masks (dead letters: %s)",
          dead.stream().map(r -> r.key() + ": " + header(r, Topics.HEADER_DLQ_REASON)).toList()).hasSize(NORMAL);
      assertThat(masks).map(r -> WorkerTesting.frameKey(mask(r))).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(dead).hasSize(1);
      ConsumerRecord<String, byte[]> letter = dead.get(0);
      assertThat(letter.key()).isEqualTo("cam-white");
      assertThat(header(letter, Topics.HEADER_DLQ_REASON))
          .isEqualTo("model error: builtins.RuntimeError: tripwire: frame 0 of the batch is all white");
      assertThat(header(letter, Topics.HEADER_DLQ_TOPIC)).isEqualTo(config.framesTopic());
      assertThat(header(letter, Topics.HEADER_DLQ_PARTITION)).isEqualTo("0");
      assertThat(header(letter, Topics.HEADER_DLQ_OFFSET)).isEqualTo(Long.toString(whiteOffset));
      // The white frame did meet the model in company: frames were batched, not sent one by one.
      assertThat(worker.stats().meanBatchSize()).isGreaterThan(1.0);
      assertThat(worker.stats().deadLettered()).isEqualTo(1);
    }
  }

  private static void exportTripwire(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-m", "segstream_models.tripwire", "--out",
        dir.toAbsolutePath().toString())
        .directory(Path.of("../models").toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("python tripwire export failed:\n" + log);
    }
  }

  private static byte[] whiteJpeg(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }
}
