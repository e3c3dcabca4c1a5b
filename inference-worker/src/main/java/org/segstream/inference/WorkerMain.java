package org.segstream.inference;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.segstream.inference.model.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference worker as a process: config from {@code SEGSTREAM_*} variables → load the model
 * and start the loops → run until the JVM stops. Exits 2 on a bad configuration or model.
 */
public final class WorkerMain {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(System.getenv()));
  }

  /** Runs a worker configured by {@code env} until the JVM stops; returns the exit code. */
  public static int run(Map<String, String> env) throws InterruptedException {
    InferenceWorker worker;
    try {
      worker = InferenceWorker.start(WorkerConfig.fromEnv(env));
    } catch (IllegalArgumentException | ModelException e) {
      LOG.error("cannot start: {}", e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close(Duration.ofSeconds(20));
      stopped.countDown();
    }, "segstream-worker-shutdown"));
    while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      if (!worker.healthy()) {
        LOG.error("a worker loop stopped; exiting");
        return 1;
      }
    }
    return 0;
  }
}
