package org.segstream.inference.batch;

/**
 * Decides which frames {@link OverloadPolicy#FRESHEST} skips: those whose age (now − capture
 * time) plus the time still ahead of them (forward pass, encoding, publishing) would exceed the
 * bound. The time ahead is a decaying maximum of what recent frames took from the start of their
 * batch to being published, so a slow batch raises it at once and it falls back slowly.
 *
 * <p>Only frames that reach the model are observed. An estimate above the bound would therefore
 * skip every later frame and never be corrected (a slow warm-up or one stalled batch shut a lane
 * for good), so without observations it halves every bound's length: the freshest frames are
 * tried again and measured anew. Thread-safe.
 */
public final class Freshness {
  private final OverloadPolicy policy;
  private final long maxAgeMillis;
  private volatile long aheadMillis;
  private volatile long observedAtMillis;

  public Freshness(OverloadPolicy policy, long maxAgeMillis) {
    this.policy = policy;
    this.maxAgeMillis = maxAgeMillis;
  }

  /** Whether a frame captured at {@code captureMillis} should be skipped at {@code nowMillis}, as its batch starts. */
  public boolean tooOld(long captureMillis, long nowMillis) {
    return tooOld(captureMillis, nowMillis, 0);
  }

  /**
   * The same for a frame that has {@code batchesWaiting} full batches ahead of it in the queue to
   * the model, each taking about as long as the time ahead of a batch. Admitting frames that pass
   * only at the head of the queue filled it, under a backlog, with frames too old by the time
   * their turn came: the model idled on skips while fresh frames waited in the topic.
   */
  public boolean tooOld(long captureMillis, long nowMillis, int batchesWaiting) {
    return policy == OverloadPolicy.FRESHEST
        && nowMillis - captureMillis + aheadMillis(nowMillis) * (1 + batchesWaiting) > maxAgeMillis;
  }

  /**
   * Whether a frame captured at {@code captureMillis} is past the bound at {@code nowMillis}, when
   * its mask would be published: the final check, which makes the bound a promise rather than a
   * prediction (a batch that ran slower than expected costs its frames, not the bound).
   */
  public boolean pastBound(long captureMillis, long nowMillis) {
    return policy == OverloadPolicy.FRESHEST && nowMillis - captureMillis > maxAgeMillis;
  }

  /** Records, at {@code nowMillis}, how long a frame took from the start of its batch to being published. */
  public synchronized void observe(long millis, long nowMillis) {
    long current = aheadMillis(nowMillis);
    aheadMillis = millis >= current ? millis : current - (current - millis) / 8;
    observedAtMillis = nowMillis;
  }

  /** The time expected ahead of a frame at {@code nowMillis}. */
  long aheadMillis(long nowMillis) {
    long ahead = aheadMillis;
    long halvings = (nowMillis - observedAtMillis) / Math.max(1, maxAgeMillis);
    return halvings <= 0 ? ahead : ahead >> Math.min(halvings, 63);
  }

  public OverloadPolicy policy() {
    return policy;
  }

  public long maxAgeMillis() {
    return maxAgeMillis;
  }
}
