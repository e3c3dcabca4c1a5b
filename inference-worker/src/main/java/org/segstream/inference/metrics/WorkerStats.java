package org.segstream.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A worker's meters (Micrometer; exported to Prometheus by {@link org.segstream.metrics.MetricsServer}) and the totals
 * the CLI and benchmarks read from them. Outcomes count when their transaction commits, so
 * {@link #masksPublished()} is what a {@code read_committed} reader can see.
 */
public final class WorkerStats {
  private static final String PREFIX = "segstream.worker.";

  private final MeterRegistry registry;
  private final Counter consumed;
  private final Counter masks;
  private final Counter skipped;
  private final DistributionSummary batchSize;
  private final Timer modelTime;
  private final Timer frameAge;

  public WorkerStats(MeterRegistry registry) {
    this.registry = registry;
    this.consumed = Counter.builder(PREFIX + "frames.consumed").description("Frames read from Kafka")
        .register(registry);
    this.masks = Counter.builder(PREFIX + "masks").description("Masks published in committed transactions")
        .register(registry);
    this.skipped = Counter.builder(PREFIX + "frames.skipped")
        .description("Frames skipped as too old (overload policy freshest), committed without a mask")
        .register(registry);
    this.batchSize = DistributionSummary.builder(PREFIX + "batch.size").description("Frames per forward pass")
        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1024.0).register(registry);
    this.modelTime = Timer.builder(PREFIX + "model.time").description("Forward pass of one batch")
        .publishPercentileHistogram().register(registry);
    this.frameAge = Timer.builder(PREFIX + "frame.age")
        .description("Capture time to mask published (now - capture time when the mask is sent)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
  }

  /** Registers a lane's gauges: frames waiting for the model, and records consumed but not yet settled. */
  public void lane(String lane, Supplier<Number> queueDepth, Supplier<Number> inFlight) {
    Gauge.builder(PREFIX + "queue.depth", queueDepth).description("Prepared frames waiting for the model")
        .tag("lane", lane).register(registry);
    Gauge.builder(PREFIX + "in.flight", inFlight)
        .description("Records consumed and not yet published or committed").tag("lane", lane).register(registry);
  }

  public void consumed(int n) {
    consumed.increment(n);
  }

  /** One transaction's outcomes, counted once it has committed. */
  public void committed(int maskCount, Map<String, Integer> deadLettersByReason, int skippedCount) {
    masks.increment(maskCount);
    skipped.increment(skippedCount);
    deadLettersByReason.forEach((reason, n) -> deadLetters(reason).increment(n));
  }

  public void batch(int size, long modelNanos) {
    batchSize.record(size);
    modelTime.record(modelNanos, TimeUnit.NANOSECONDS);
  }

  public void frameAge(long millis) {
    frameAge.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  private Counter deadLetters(String reason) {
    return Counter.builder(PREFIX + "dead.letters").description("Frames sent to the dead-letter topic, by reason")
        .tag("reason", reason).register(registry);
  }

  public long framesConsumed() {
    return (long) consumed.count();
  }

  /** Masks in committed transactions. */
  public long masksPublished() {
    return (long) masks.count();
  }

  /** Frames in committed transactions that went to the dead-letter topic. */
  public long deadLettered() {
    return (long) registry.find(PREFIX + "dead.letters").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Frames in committed transactions that were skipped as too old. */
  public long skipped() {
    return (long) skipped.count();
  }

  public long batches() {
    return batchSize.count();
  }

  /** Mean frames per forward pass. */
  public double meanBatchSize() {
    return batchSize.mean();
  }

  /** Total time spent in the model's forward passes (stacking and class-map extraction included). */
  public long modelNanos() {
    return (long) modelTime.totalTime(TimeUnit.NANOSECONDS);
  }

  /** The largest frame age recorded, milliseconds (Micrometer's decaying max: recent minutes). */
  public double maxFrameAgeMillis() {
    return frameAge.max(TimeUnit.MILLISECONDS);
  }
}
