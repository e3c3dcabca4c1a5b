package org.segstream.inference.batch;

/**
 * Decides which frames {@link OverloadPolicy#FRESHEST} skips: those whose age (now − capture
 * time) plus the time still ahead of them (forward pass, encoding, publishing) would exceed the
 * bound. The time ahead is a decaying maximum of what recent frames took from the start of their
 * batch to being published, so a slow batch raises it at once and it falls back slowly.
 * Thread-safe.
 */
public final class Freshness {
  private final OverloadPolicy policy;
  private final long maxAgeMillis;
  private volatile long aheadMillis;

  public Freshness(OverloadPolicy policy, long maxAgeMillis) {
    this.policy = policy;
    this.maxAgeMillis = maxAgeMillis;
  }

  /** Whether a frame captured at {@code captureMillis} should be skipped at {@code nowMillis}. */
  public boolean tooOld(long captureMillis, long nowMillis) {
    return policy == OverloadPolicy.FRESHEST && nowMillis - captureMillis + aheadMillis > maxAgeMillis;
  }

  /**
   * Whether a frame captured at {@code captureMillis} is past the bound at {@code nowMillis}, when
   * its mask would be published: the final check, which makes the bound a promise rather than a
   * prediction (a batch that ran slower than expected costs its frames, not the bound).
   */
  public boolean pastBound(long captureMillis, long nowMillis) {
    return policy == OverloadPolicy.FRESHEST && nowMillis - captureMillis > maxAgeMillis;
  }

  /** Records how long a frame took from the start of its batch to being published. */
  public synchronized void observe(long millis) {
    long current = aheadMillis;
    aheadMillis = millis >= current ? millis : current - (current - millis) / 8;
  }

  public OverloadPolicy policy() {
    return policy;
  }

  public long maxAgeMillis() {
    return maxAgeMillis;
  }
}
