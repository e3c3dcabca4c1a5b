package org.segstream.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.segstream.inference.loop.InferenceLoop;
import org.segstream.inference.loop.WorkerStats;
import org.segstream.inference.model.SegmentationModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inference worker: one loaded model and {@code threads} consumer/predictor loops in one
 * consumer group. Start several processes with the same group to scale out.
 */
public final class InferenceWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);

  private final SegmentationModel model;
  private final List<InferenceLoop> loops = new ArrayList<>();
  private final List<Future<?>> running = new ArrayList<>();
  private final ExecutorService threads;
  private final WorkerStats stats = new WorkerStats();

  private InferenceWorker(WorkerConfig config, SegmentationModel model) {
    this.model = model;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "segstream-worker-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < config.threads(); i++) {
      loops.add(new InferenceLoop(config, i, model, stats));
    }
  }

  /** Loads the model (failing fast on a bad model directory) and starts the loops. */
  public static InferenceWorker start(WorkerConfig config) {
    InferenceWorker worker = new InferenceWorker(config, SegmentationModel.load(config.modelDir()));
    for (InferenceLoop loop : worker.loops) {
      worker.running.add(worker.threads.submit(() -> {
        try {
          loop.run();
        } catch (RuntimeException e) {
          LOG.error("worker loop stopped: {}", e.toString(), e);
          throw e;
        }
      }));
    }
    LOG.info("worker {} started with {} thread(s)", config.workerId(), config.threads());
    return worker;
  }

  public WorkerStats stats() {
    return stats;
  }

  public SegmentationModel model() {
    return model;
  }

  /** True while every loop is still running. */
  public boolean healthy() {
    return running.stream().noneMatch(Future::isDone);
  }

  /** Stops the loops (each finishes its transaction), then releases the model. */
  public void close(Duration timeout) {
    loops.forEach(InferenceLoop::stop);
    threads.shutdown();
    try {
      if (!threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("worker loops did not stop within {}", timeout);
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    model.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
