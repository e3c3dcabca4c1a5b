package org.segstream.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.segstream.cli.PipelineTopics;
import org.segstream.cli.TempDirs;
import org.segstream.ingest.CameraSpec;
import org.segstream.ingest.CameraStats;
import org.segstream.ingest.IngestConfig;
import org.segstream.ingest.IngestService;
import org.segstream.inference.InferenceWorker;
import org.segstream.inference.WorkerConfig;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.Postprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: an embedded broker, ingest for the given cameras, one inference
 * worker and the postprocessor with its gRPC server. Used by {@code segstream demo} and by the
 * end-to-end test. Starts downstream first so no stage waits on one that is not there yet, and
 * closes in the reverse order.
 */
public final class DemoPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoPipeline.class);

  /** What to run. */
  public record Settings(List<CameraSpec> cameras, Path modelDir, int kafkaPort, String grpcHost, int grpcPort,
      int partitions, int maxBatch) {}

  private final List<AutoCloseable> started = new ArrayList<>();
  private EmbeddedKafka kafka;
  private Postprocessor postprocessor;
  private InferenceWorker worker;
  private IngestService ingest;

  private DemoPipeline() {}

  /** Starts every stage; on a failure, closes what was started and rethrows. */
  public static DemoPipeline start(Settings settings) throws IOException, InterruptedException {
    DemoPipeline p = new DemoPipeline();
    try {
      p.startAll(settings);
      return p;
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void startAll(Settings s) throws IOException, InterruptedException {
    kafka = started(EmbeddedKafka.start(s.kafkaPort(), null));
    kafka.createTopics(PipelineTopics.all(s.partitions()));
    Path state = Files.createTempDirectory("segstream-streams-");
    started(() -> TempDirs.delete(state));
    PostprocessConfig post = PostprocessConfig.defaults(kafka.bootstrapServers())
        .withGrpc(s.grpcHost(), s.grpcPort()).withStateDir(state);
    postprocessor = started(Postprocessor.start(post));
    if (!postprocessor.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("postprocessor did not reach RUNNING within 60 s (state " + postprocessor.state() + ")");
    }
    worker = started(InferenceWorker.start(WorkerConfig.fromEnv(Map.of(
        "SEGSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "SEGSTREAM_MODEL_DIR", s.modelDir().toString(),
        "SEGSTREAM_WORKER_ID", "demo-" + UUID.randomUUID().toString().substring(0, 8),
        "SEGSTREAM_MAX_BATCH", String.valueOf(s.maxBatch()),
        // Decoding is light at the demo's rates; ingest and Kafka Streams need the other threads.
        "SEGSTREAM_POOL_THREADS", "1"))));
    ingest = started(IngestService.create(IngestConfig.of(kafka.bootstrapServers(), s.cameras())));
    ingest.start();
  }

  private <T extends AutoCloseable> T started(T component) {
    started.add(component);
    return component;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Postprocessor postprocessor() {
    return postprocessor;
  }

  public InferenceWorker worker() {
    return worker;
  }

  public IngestService ingest() {
    return ingest;
  }

  /** Frames the broker acknowledged from ingest, over all cameras. */
  public long framesIngested() {
    return ingest.stats().values().stream().mapToLong(CameraStats::published).sum();
  }

  /** Asks every camera to stop; frames already read still flow through. */
  public void stopIngest() {
    ingest.stop();
  }

  /**
   * Waits until ingest has ended (files done or stopped) and the worker has settled every ingested
   * frame as a mask or a dead letter, so the counts that follow are final. It waits as long as the
   * worker keeps settling frames: on a slow CPU the backlog of a lossless worker takes longer to
   * drain, and cutting it off at a fixed time would report a working pipeline as incomplete.
   *
   * @return false if ingest did not end within {@code stall}, the worker settled no frame for
   *     {@code stall}, or the worker stopped
   */
  public boolean awaitSettled(Duration stall) throws InterruptedException {
    if (!ingest.awaitCompletion(stall)) {
      return false;
    }
    long settled = -1;
    long progressNanos = System.nanoTime();
    while (true) {
      long now = worker.stats().masksPublished() + worker.stats().deadLettered();
      if (now >= framesIngested()) {
        return true;
      }
      if (now != settled) {
        settled = now;
        progressNanos = System.nanoTime();
      } else if (System.nanoTime() - progressNanos > stall.toNanos() || !worker.healthy()) {
        return false;
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      AutoCloseable component = started.get(i);
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
    started.clear();
  }
}
