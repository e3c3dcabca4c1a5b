package org.segstream.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.inference.InferenceWorker;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.PreparedFrame;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;

/**
 * Worker frames/s against raw forward frames/s, in alternating rounds: this VM's speed swings by
 * tens of percent within a minute, so one raw measurement before and one after a long worker run
 * compares different machines. Each round times the raw forward on a prepared batch, then the
 * worker (running all along) on a burst of frames put on its topic at once, from the burst being
 * sent to its last mask committed; the ratio is of the sums over all rounds.
 */
final class ThroughputRounds {
  private final EmbeddedKafka kafka;
  private final SegmentationModel model;
  private final int batch;

  ThroughputRounds(EmbeddedKafka kafka, SegmentationModel model, int batch) {
    this.kafka = kafka;
    this.model = model;
    this.batch = batch;
  }

  /** Runs {@code rounds} rounds of {@code perRound} frames of {@code clip} after {@code warmup} untimed ones. */
  void run(WorkerConfig config, List<Frame> clip, List<PreparedFrame> rawBatch, int rounds, int perRound, int warmup)
      throws InterruptedException, ExecutionException {
    int iterations = Math.max(1, perRound / batch);
    double rawSeconds = 0;
    double workerSeconds = 0;
    long rawFrames = 0;
    long workerFrames = 0;
    try (InferenceWorker worker = InferenceWorker.start(config); Burst burst = new Burst(kafka, clip)) {
      burst.send(warmup);
      awaitMasks(worker, warmup);
      RawForward.framesPerSecond(model, rawBatch, 1);
      long modelNanos = worker.stats().modelNanos();
      long batches = worker.stats().batches();
      for (int r = 1; r <= rounds; r++) {
        double raw = RawForward.framesPerSecond(model, rawBatch, iterations);
        long before = worker.stats().masksPublished();
        long start = System.nanoTime();
        burst.send(perRound);
        awaitMasks(worker, before + perRound);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  round %d: raw %6.1f frames/s, worker %6.1f frames/s, ratio %.3f%n", r, raw,
            perRound / seconds, perRound / seconds / raw);
        rawFrames += (long) iterations * batch;
        rawSeconds += iterations * batch / raw;
        workerFrames += perRound;
        workerSeconds += seconds;
      }
      System.out.printf(Locale.ROOT, "worker: %.1f ms/frame in the predictor's thread of %.1f ms/frame in all; "
          + "mean batch %.2f%n", (worker.stats().modelNanos() - modelNanos) / 1e6 / workerFrames,
          workerSeconds * 1000 / workerFrames, (double) workerFrames / Math.max(1, worker.stats().batches() - batches));
    }
    double raw = rawFrames / rawSeconds;
    double worker = workerFrames / workerSeconds;
    System.out.printf(Locale.ROOT, "raw DJL forward   %7.1f frames/s (the clip's first frames as one prepared batch)%n",
        raw);
    System.out.printf(Locale.ROOT, "worker            %7.1f frames/s (Kafka in → masks committed)%n", worker);
    System.out.printf(Locale.ROOT, "ratio             %7.3f (worker ÷ raw forward, sums over %d rounds)%n",
        worker / raw, rounds);
  }

  private static void awaitMasks(InferenceWorker worker, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (worker.stats().masksPublished() < count) {
      if (!worker.healthy() || System.nanoTime() > deadline) {
        throw new IllegalStateException("worker stopped at " + worker.stats().masksPublished() + " of " + count + " masks");
      }
      Thread.sleep(1);
    }
  }

  /** Puts the clip's frames on the frames topic again and again, as new frames of one camera. */
  private static final class Burst implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final List<Frame> clip;
    private final String session = UUID.randomUUID().toString();
    private long sequence;

    Burst(EmbeddedKafka kafka, List<Frame> clip) {
      this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
          new StringSerializer(), new ByteArraySerializer());
      this.clip = List.copyOf(clip);
    }

    void send(int frames) throws InterruptedException, ExecutionException {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>(frames);
      for (int i = 0; i < frames; i++) {
        Frame f = clip.get((int) (sequence % clip.size())).toBuilder().setSequence(sequence++)
            .setIngestSessionId(session).setCaptureTimeUs(System.currentTimeMillis() * 1000).build();
        sent.add(producer.send(new ProducerRecord<>(Topics.FRAMES, f.getCameraId(), f.toByteArray())));
      }
      for (var f : sent) {
        f.get();
      }
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
