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

  @Option(names = "--threads", description = "Consumer/predictor threads (SEGSTREAM_WORKER_THREADS, default 1).")
  Integer threads;

  @Option(names = "--max-batch", description = "Most frames per forward pass (SEGSTREAM_MAX_BATCH, default 8).")
  Integer maxBatch;

  @Option(names = "--worker-id", description = "Stable id of this worker (SEGSTREAM_WORKER_ID, default: host name).")
  String workerId;

  @Override
  public Integer call() throws InterruptedException {
    Path dir = model != null ? model
        : Path.of(System.getProperty("segstream.home", "."), "models/demo/segformer-demo");
    Env env = new Env();
    if (model != null || !env.values().containsKey("SEGSTREAM_MODEL_DIR")) {
      env.set("SEGSTREAM_MODEL_DIR", dir);
    }
    return WorkerMain.run(env.set("SEGSTREAM_BOOTSTRAP_SERVERS", bootstrap).set("SEGSTREAM_WORKER_THREADS", threads)
        .set("SEGSTREAM_MAX_BATCH", maxBatch).set("SEGSTREAM_WORKER_ID", workerId).values());
  }
}
