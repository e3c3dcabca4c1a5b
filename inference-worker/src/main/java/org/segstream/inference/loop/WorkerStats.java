package org.segstream.inference.loop;

import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by a worker's threads; read by the CLI and benchmarks. */
public final class WorkerStats {
  private final AtomicLong framesConsumed = new AtomicLong();
  private final AtomicLong masksPublished = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong modelNanos = new AtomicLong();

  void consumed(int n) {
    framesConsumed.addAndGet(n);
  }

  void published(int masks) {
    masksPublished.addAndGet(masks);
  }

  void deadLettered(int n) {
    deadLettered.addAndGet(n);
  }

  void batch(long nanos) {
    batches.incrementAndGet();
    modelNanos.addAndGet(nanos);
  }

  public long framesConsumed() {
    return framesConsumed.get();
  }

  /** Masks in committed transactions. */
  public long masksPublished() {
    return masksPublished.get();
  }

  /** Frames in committed transactions that went to the dead-letter topic. */
  public long deadLettered() {
    return deadLettered.get();
  }

  public long batches() {
    return batches.get();
  }

  /** Total time spent in the model's forward pass (pre- and post-processing included). */
  public long modelNanos() {
    return modelNanos.get();
  }
}
