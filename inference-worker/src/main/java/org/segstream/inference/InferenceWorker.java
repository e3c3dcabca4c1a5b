package org.segstream.inference;

import ai.djl.Device;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.segstream.inference.decode.FrameDecoder;
import org.segstream.inference.loop.CpuPool;
import org.segstream.inference.loop.Lane;
import org.segstream.metrics.MetricsServer;
import org.segstream.inference.metrics.WorkerStats;
import org.segstream.inference.model.SegmentationModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inference worker: the model loaded once per device (every GPU DJL sees, or the CPU),
 * {@code threads} lanes per device, one CPU pool for decoding and encoding, and the metrics. All
 * lanes join one consumer group; start several workers with the same group to scale out.
 */
public final class InferenceWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);

  private final List<SegmentationModel> models;
  private final List<Lane> lanes = new ArrayList<>();
  private final List<Future<?>> running = new ArrayList<>();
  private final ExecutorService laneThreads;
  private final CpuPool pool;
  private final PrometheusMeterRegistry registry;
  private final WorkerStats stats;
  private MetricsServer metrics;

  private InferenceWorker(WorkerConfig config, List<SegmentationModel> models) {
    this.models = models;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("worker", config.workerId());
    this.stats = new WorkerStats(registry);
    this.pool = new CpuPool(config.poolThreads());
    for (SegmentationModel model : models) {
      for (int t = 0; t < config.threads(); t++) {
        lanes.add(new Lane(config, lanes.size(), model, pool, stats));
      }
    }
    AtomicInteger n = new AtomicInteger();
    this.laneThreads = Executors.newFixedThreadPool(lanes.size(), r -> {
      Thread t = new Thread(r, "segstream-lane-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the model on every device (failing fast on a bad model directory) and starts the lanes. */
  public static InferenceWorker start(WorkerConfig config) {
    FrameDecoder.loadNatives();
    List<SegmentationModel> models = new ArrayList<>();
    try {
      for (Device device : SegmentationModel.devices()) {
        models.add(SegmentationModel.load(config.modelDir(), device));
      }
    } catch (RuntimeException e) {
      models.forEach(SegmentationModel::close);
      throw e;
    }
    InferenceWorker worker = new InferenceWorker(config, models);
    if (config.metricsPort() > 0) {
      worker.metrics = MetricsServer.start(worker.registry, config.metricsPort());
    }
    for (Lane lane : worker.lanes) {
      worker.running.add(worker.laneThreads.submit(() -> {
        try {
          lane.run();
        } catch (RuntimeException e) {
          LOG.error("worker lane stopped: {}", e.toString(), e);
          throw e;
        }
      }));
    }
    LOG.info("worker {} started: {} lane(s) on {}, batches of up to {} (wait {} ms), {} CPU threads, overload {}, "
        + "masks {} at {} resolution{}", config.workerId(), worker.lanes.size(),
        models.stream().map(m -> m.device().toString()).toList(), config.maxBatch(), config.maxWaitMs(),
        config.poolThreads(), config.overload(), config.maskFormat(), config.maskResolution(),
        worker.metrics == null ? "" : ", metrics on :" + worker.metrics.port() + "/metrics");
    return worker;
  }

  public WorkerStats stats() {
    return stats;
  }

  /** The model on the first device. */
  public SegmentationModel model() {
    return models.get(0);
  }

  /** The Prometheus text a scrape of {@code /metrics} returns. */
  public String scrape() {
    return registry.scrape();
  }

  /** True while every lane is still running. */
  public boolean healthy() {
    return running.stream().noneMatch(Future::isDone);
  }

  /** Stops the lanes (each finishes its frames in flight and commits), then releases the models. */
  public void close(Duration timeout) {
    lanes.forEach(Lane::stop);
    laneThreads.shutdown();
    try {
      if (!laneThreads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("worker lanes did not stop within {}", timeout);
        laneThreads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
    if (metrics != null) {
      metrics.close();
    }
    models.forEach(SegmentationModel::close);
    registry.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
