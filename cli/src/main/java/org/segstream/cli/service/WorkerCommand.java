package org.segstream.cli.service;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.segstream.inference.WorkerMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segstream worker}: frames to masks with a TorchScript model. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run an inference worker until Ctrl-C. Options override SEGSTREAM_* variables.")
public final class WorkerCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka (SEGSTREAM_BOOTSTRAP_SERVERS, default 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = "--model", description = "Model directory (SEGSTREAM_MODEL_DIR, default: the bundled demo model).")
  Path model;

  @Option(names = "--group", description = "Consumer group of the fleet (SEGSTREAM_WORKER_GROUP, default segstream-workers).")
  String group;

  @Option(names = "--worker-id", description = "Stable, unique id of this worker (SEGSTREAM_WORKER_ID, default: host name).")
  String workerId;

  @Option(names = "--threads", description = "Lanes per device: per GPU, or on the CPU (SEGSTREAM_WORKER_THREADS, default 1).")
  Integer threads;

  @Option(names = "--max-batch", description = "Most frames per forward pass (SEGSTREAM_MAX_BATCH, default 8).")
  Integer maxBatch;

  @Option(names = "--max-wait-ms", description = "Longest a frame waits for its batch to fill (SEGSTREAM_MAX_WAIT_MS, default 10).")
  Integer maxWaitMs;

  @Option(names = "--pool-threads", description = "CPU threads for decoding and mask encoding (SEGSTREAM_POOL_THREADS, default: the cores).")
  Integer poolThreads;

  @Option(names = "--max-in-flight", description = "Records a lane holds before it pauses fetching (SEGSTREAM_MAX_IN_FLIGHT, default max(32, 4 x max batch)).")
  Integer maxInFlight;

  @Option(names = "--commit-interval-ms", description = "Longest a transaction stays open (SEGSTREAM_COMMIT_INTERVAL_MS, default 100).")
  Integer commitIntervalMs;

  @Option(names = "--overload", description = "lossless (every frame) or freshest (skip frames older than --max-frame-age-ms) (SEGSTREAM_OVERLOAD_POLICY, default lossless).")
  String overload;

  @Option(names = "--max-frame-age-ms", description = "Bound of the freshest policy (SEGSTREAM_MAX_FRAME_AGE_MS, default 2000).")
  Integer maxFrameAgeMs;

  @Option(names = "--mask-encoding", description = "rle or png (SEGSTREAM_MASK_ENCODING, default rle).")
  String maskEncoding;

  @Option(names = "--mask-resolution", description = "model or frame (SEGSTREAM_MASK_RESOLUTION, default model).")
  String maskResolution;

  @Option(names = "--max-frame-pixels", description = "Larger frames are dead-lettered (SEGSTREAM_MAX_FRAME_PIXELS, default 8192 x 4096).")
  Integer maxFramePixels;

  @Option(names = "--decode-reduced", arity = "0..1", fallbackValue = "true",
      description = "Decode JPEG frames at 1/2, 1/4 or 1/8 of their size where that still covers the model's input "
          + "(SEGSTREAM_DECODE_REDUCED, default false).")
  Boolean decodeReduced;

  @Option(names = "--metrics-port", description = "Prometheus endpoint /metrics on this port, 0 = none (SEGSTREAM_METRICS_PORT, default 0).")
  Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    Path dir = model != null ? model
        : Path.of(System.getProperty("segstream.home", "."), "models/demo/segformer-demo");
    Env env = new Env();
    if (model != null || !env.values().containsKey("SEGSTREAM_MODEL_DIR")) {
      env.set("SEGSTREAM_MODEL_DIR", dir);
    }
    return WorkerMain.run(env.set("SEGSTREAM_BOOTSTRAP_SERVERS", bootstrap)
        .set("SEGSTREAM_WORKER_GROUP", group)
        .set("SEGSTREAM_WORKER_ID", workerId)
        .set("SEGSTREAM_WORKER_THREADS", threads)
        .set("SEGSTREAM_MAX_BATCH", maxBatch)
        .set("SEGSTREAM_MAX_WAIT_MS", maxWaitMs)
        .set("SEGSTREAM_POOL_THREADS", poolThreads)
        .set("SEGSTREAM_MAX_IN_FLIGHT", maxInFlight)
        .set("SEGSTREAM_COMMIT_INTERVAL_MS", commitIntervalMs)
        .set("SEGSTREAM_OVERLOAD_POLICY", overload)
        .set("SEGSTREAM_MAX_FRAME_AGE_MS", maxFrameAgeMs)
        .set("SEGSTREAM_MASK_ENCODING", maskEncoding)
        .set("SEGSTREAM_MASK_RESOLUTION", maskResolution)
        .set("SEGSTREAM_MAX_FRAME_PIXELS", maxFramePixels)
        .set("SEGSTREAM_DECODE_REDUCED", decodeReduced)
        .set("SEGSTREAM_METRICS_PORT", metricsPort)
        .values());
  }
}
