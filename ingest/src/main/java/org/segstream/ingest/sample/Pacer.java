package org.segstream.ingest.sample;

/**
 * Says how long to wait before releasing a frame so that a file plays at its own speed: frame
 * {@code pts} is due {@code pts - firstPts} after the first frame was released. Not thread-safe:
 * one per camera.
 */
public final class Pacer {
  /**
   * Running this far behind (a slow encoder, a stalled broker) re-anchors the clock instead of
   * catching up: a camera that fell behind should resume at its rate, not emit a burst.
   */
  static final long MAX_LAG_NANOS = 1_000_000_000L;

  private boolean anchored;
  private long anchorPtsUs;
  private long anchorNanos;

  /**
   * Nanoseconds to wait before releasing the frame presented at {@code ptsUs}, given the current
   * {@link System#nanoTime()}; 0 when it is due or late.
   */
  public long waitNanos(long ptsUs, long nowNanos) {
    long due = anchorNanos + (ptsUs - anchorPtsUs) * 1_000L;
    if (!anchored || ptsUs < anchorPtsUs || nowNanos - due > MAX_LAG_NANOS) {
      anchored = true;
      anchorPtsUs = ptsUs;
      anchorNanos = nowNanos;
      return 0;
    }
    return Math.max(0, due - nowNanos);
  }

  /** Forgets the clock, so the next frame is released at once (after a reconnect). */
  public void reset() {
    anchored = false;
  }
}
