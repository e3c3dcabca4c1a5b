package org.segstream.ingest;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for reconnects: the ceiling doubles from {@code first} up to
 * {@code max} with each failed attempt, and each wait is drawn uniformly from [ceiling / 2,
 * ceiling], so a fleet of cameras that dropped together (a switch reboot) does not reconnect in
 * lockstep. Not thread-safe: one per camera.
 */
final class Backoff {
  private final Duration first;
  private final Duration max;
  private final DoubleSupplier random;
  private Duration ceiling;
  private int attempts;

  Backoff(Duration first, Duration max, DoubleSupplier random) {
    this.first = first;
    this.max = max;
    this.random = random;
    this.ceiling = first;
  }

  /** How long to wait before the next attempt; each call counts one more attempt. */
  Duration next() {
    long ceilingNanos = ceiling.toNanos();
    long wait = ceilingNanos / 2 + (long) (random.getAsDouble() * (ceilingNanos - ceilingNanos / 2));
    Duration doubled = ceiling.multipliedBy(2);
    ceiling = doubled.compareTo(max) > 0 ? max : doubled;
    attempts++;
    return Duration.ofNanos(wait);
  }

  /** Attempts since the last {@link #reset()}. */
  int attempts() {
    return attempts;
  }

  /** Back to the first, shortest wait: the source delivered again. */
  void reset() {
    ceiling = first;
    attempts = 0;
  }
}
