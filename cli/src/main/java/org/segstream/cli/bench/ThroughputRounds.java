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
import org.segstream.proto.EpochMicros;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;

/**
 * Worker frames/s against raw forward frames/s, in alternating rounds: this VM's speed swings by
 * tens of percent within a minute, so one raw measurement before and one after a long worker run
 * compares different machines. The raw forward (and the worker's predictor alone) is timed before
 * the first round and after every round, so each worker round sits between two baseline
 * measurements and is compared with their mean; the worker (running all along) is timed on a burst
 * of frames put on its topic at once, from the burst being sent to its last mask committed. The
 * overall ratio is of the sums.
 */
final class ThroughputRounds {
  private static final Duration SETTLE = Duration.ofMillis(500);

  private final EmbeddedKafka kafka;
  private final SegmentationModel model;
  private final int batch;
  private final int lanes;

  ThroughputRounds(EmbeddedKafka kafka, SegmentationModel model, int batch, int lanes) {
    this.kafka = kafka;
    this.model = model;
    this.batch = batch;
    this.lanes = lanes;
  }

  /** Runs {@code rounds} rounds of {@code perRound} frames of {@code clip} after {@code warmup} untimed ones. */
  void run(WorkerConfig config, List<Frame> clip, List<PreparedFrame> rawBatch, int rounds, int perRound, int warmup)
      throws InterruptedException, ExecutionException {
    Baseline baseline = new Baseline(perRound);
    long workerFrames = 0;
    double workerSeconds = 0;
    List<Double> ratios = new ArrayList<>();
    try (InferenceWorker worker = InferenceWorker.start(config); Burst burst = new Burst(kafka, clip, lanes)) {
      burst.send(warmup);
      awaitMasks(worker, warmup);
      RawForward.framesPerSecond(model, rawBatch, 1);
      long modelNanos = worker.stats().modelNanos();
      long batches = worker.stats().batches();
      Baseline.Measured before = baseline.measure(rawBatch);
      for (int r = 1; r <= rounds; r++) {
        long published = worker.stats().masksPublished();
        long start = System.nanoTime();
        burst.send(perRound);
        awaitMasks(worker, published + perRound);
        double seconds = (System.nanoTime() - start) / 1e9;
        workerFrames += perRound;
        workerSeconds += seconds;
        // Let the worker's last commit and the CPU pool settle, so the baseline runs on its own.
        Thread.sleep(SETTLE.toMillis());
        Baseline.Measured after = baseline.measure(rawBatch);
        double raw = (before.raw() + after.raw()) / 2;
        double ratio = perRound / seconds / raw;
        ratios.add(ratio);
        System.out.printf(Locale.ROOT, "  round %d: raw %6.1f → %6.1f, predictor %6.1f → %6.1f, worker %6.1f frames/s, "
            + "ratio %.3f (to the mean of the raw before and after)%n", r, before.raw(), after.raw(), before.predict(),
            after.predict(), perRound / seconds, ratio);
        before = after;
      }
      System.out.printf(Locale.ROOT, "worker: predictor thread(s) busy %.0f%% of the timed rounds; mean batch %.2f%n",
          100 * (worker.stats().modelNanos() - modelNanos) / 1e9 / workerSeconds / lanes,
          (double) workerFrames / Math.max(1, worker.stats().batches() - batches));
    }
    double worker = workerFrames / workerSeconds;
    System.out.printf(Locale.ROOT, "raw DJL forward   %7.1f frames/s (the clip's first frames as one prepared batch, "
        + "%d measurements around the rounds)%n", baseline.raw(), rounds + 1);
    if (lanes == 1) {
      System.out.printf(Locale.ROOT, "predictor         %7.1f frames/s (the worker's predictor on the same batch: "
          + "forward + the translator's stacking and reading out)%n", baseline.predict());
    }
    System.out.printf(Locale.ROOT, "worker            %7.1f frames/s (Kafka in → masks committed)%n", worker);
    System.out.printf(Locale.ROOT, "ratio             %7.3f (worker ÷ raw forward, sums over %d rounds)%n",
        worker / baseline.raw(), rounds);
    if (ratios.size() > 1) {
      System.out.printf(Locale.ROOT, "ratio per round   %s%n", MeanInterval.of(ratios));
    }
  }

  /** The raw forward's and the predictor's frames/s, each summed over every measurement taken. */
  private final class Baseline {
    private final int iterations;
    private long rawFrames;
    private double rawSeconds;
    private long predictFrames;
    private double predictSeconds;
    private int measurements;

    record Measured(double raw, double predict) {}

    Baseline(int perRound) {
      this.iterations = iterations(perRound);
    }

    /** Both, in turns first: whichever runs first runs nearer the worker's burst. */
    Measured measure(List<PreparedFrame> rawBatch) throws InterruptedException, ExecutionException {
      if (measurements++ % 2 == 0) {
        double raw = raw(rawBatch);
        return new Measured(raw, predict(rawBatch));
      }
      double predict = predict(rawBatch);
      return new Measured(raw(rawBatch), predict);
    }

    private double raw(List<PreparedFrame> rawBatch) throws InterruptedException, ExecutionException {
      int perStream = Math.max(1, iterations / lanes);
      double raw = RawForward.framesPerSecond(model, rawBatch, perStream, lanes);
      long frames = (long) perStream * batch * lanes;
      rawFrames += frames;
      rawSeconds += frames / raw;
      return raw;
    }

    /** The predictor alone; only measured for one lane (its thread is the one lane's). */
    private double predict(List<PreparedFrame> rawBatch) throws InterruptedException, ExecutionException {
      if (lanes != 1) {
        return Double.NaN;
      }
      double predict = RawForward.predictFramesPerSecond(model, rawBatch, iterations);
      predictFrames += (long) iterations * batch;
      predictSeconds += iterations * batch / predict;
      return predict;
    }

    double raw() {
      return rawFrames / rawSeconds;
    }

    double predict() {
      return predictFrames / predictSeconds;
    }
  }

  private int iterations(int perRound) {
    return Math.max(1, perRound / batch);
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

  /** Puts the clip's frames on the frames topic again and again, as new frames of one camera per partition. */
  private static final class Burst implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final List<Frame> clip;
    private final int partitions;
    private final String session = UUID.randomUUID().toString();
    private long sequence;

    Burst(EmbeddedKafka kafka, List<Frame> clip, int partitions) {
      this.partitions = partitions;
      this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
          new StringSerializer(), new ByteArraySerializer());
      this.clip = List.copyOf(clip);
    }

    void send(int frames) throws InterruptedException, ExecutionException {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>(frames);
      for (int i = 0; i < frames; i++) {
        int partition = (int) (sequence % partitions);
        Frame f = clip.get((int) (sequence % clip.size())).toBuilder().setCameraId("bench-" + partition)
            .setSequence(sequence++).setIngestSessionId(session).setCaptureTimeUs(EpochMicros.now())
            .build();
        sent.add(producer.send(new ProducerRecord<>(Topics.FRAMES, partition, f.getCameraId(), f.toByteArray())));
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
