package org.segstream.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.segstream.ingest.CameraSpec;
import org.segstream.ingest.IngestConfig;
import org.segstream.ingest.IngestService;
import org.segstream.ingest.demo.DemoClips;
import org.segstream.inference.InferenceWorker;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.cli.ModelOption;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.Topics;
import org.segstream.cli.TempDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Worker throughput as a ratio of the raw DJL forward throughput of the same model and batch size,
 * both measured in this run. The worker's number includes everything it does per frame: Kafka
 * fetch, protobuf parse, JPEG decode, resize and normalise, forward, mask encoding and the
 * transactional produce and commit.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Worker frames/s ÷ raw DJL forward frames/s of the same model, measured in one run.")
final class WorkerBench implements Callable<Integer> {
  @Mixin
  ModelOption model;

  @Option(names = "--frames", defaultValue = "240", description = "Frames through the worker (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--warmup", defaultValue = "24", description = "Frames not timed at the start (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--batch", defaultValue = "4", description = "Batch size of both measurements (default ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    Path modelDir = model.checkedDir();
    Path clip = TempDirs.create("segstream-bench-").resolve("street.mp4");
    var street = DemoClips.writePinhole(clip, 10, 10);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, Topics.FRAMES, Topics.MASKS, Topics.FRAMES_DLQ);
      produceFrames(kafka, street.cameraSpec("bench").withLoop(true).withMaxFrames(frames));
      System.out.printf(Locale.ROOT, "%d frames of %dx%d JPEG on the broker; model %s, batch %d%n",
          frames, street.width(), street.height(), modelDir, batch);

      double rawBefore = raw(modelDir);
      double worker = workerFramesPerSecond(kafka, modelDir);
      double rawAfter = raw(modelDir);
      double rawMean = (rawBefore + rawAfter) / 2;
      System.out.printf(Locale.ROOT, "raw DJL forward   %7.1f frames/s (before %.1f, after %.1f)%n", rawMean, rawBefore, rawAfter);
      System.out.printf(Locale.ROOT, "worker            %7.1f frames/s (Kafka in → masks committed)%n", worker);
      System.out.printf(Locale.ROOT, "ratio             %7.3f (worker ÷ raw forward)%n", worker / rawMean);
    }
    return 0;
  }

  private static void produceFrames(EmbeddedKafka kafka, CameraSpec camera) throws InterruptedException {
    try (IngestService ingest = IngestService.create(IngestConfig.of(kafka.bootstrapServers(), List.of(camera)))) {
      ingest.start();
      if (!ingest.awaitCompletion(Duration.ofMinutes(5))) {
        throw new IllegalStateException("ingest did not finish producing the benchmark frames");
      }
    }
  }

  private double raw(Path modelDir) {
    try (SegmentationModel m = SegmentationModel.load(modelDir)) {
      return RawForward.framesPerSecond(m, batch, Math.max(1, (frames - warmup) / batch));
    }
  }

  private double workerFramesPerSecond(EmbeddedKafka kafka, Path modelDir) throws InterruptedException {
    WorkerConfig d = WorkerConfig.defaults(kafka.bootstrapServers(), modelDir);
    WorkerConfig config = new WorkerConfig(d.bootstrapServers(), d.framesTopic(), d.masksTopic(), d.deadLetterTopic(),
        "bench-" + UUID.randomUUID(), modelDir, "bench", 1, batch, d.maxFramePixels());
    try (InferenceWorker worker = InferenceWorker.start(config)) {
      awaitMasks(worker, warmup);
      long start = System.nanoTime();
      long startCount = worker.stats().masksPublished();
      long startModelNanos = worker.stats().modelNanos();
      awaitMasks(worker, frames);
      double seconds = (System.nanoTime() - start) / 1e9;
      long timed = worker.stats().masksPublished() - startCount;
      System.out.printf(Locale.ROOT, "worker in predictor %5.1f ms/frame of %.1f ms/frame in all%n",
          (worker.stats().modelNanos() - startModelNanos) / 1e6 / timed, seconds * 1000 / timed);
      return timed / seconds;
    }
  }

  private static void awaitMasks(InferenceWorker worker, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (worker.stats().masksPublished() < count) {
      if (!worker.healthy() || System.nanoTime() > deadline) {
        throw new IllegalStateException("worker stopped at " + worker.stats().masksPublished() + " of " + count + " masks");
      }
      Thread.sleep(5);
    }
  }
}
