package org.segstream.inference;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Runs an inference worker configured from {@code SEGSTREAM_*} environment variables. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
    InferenceWorker worker = InferenceWorker.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close(Duration.ofSeconds(20));
      stopped.countDown();
    }, "segstream-worker-shutdown"));
    stopped.await();
  }
}
