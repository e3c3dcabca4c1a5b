package org.segstream.ingest.sample;

/**
 * Thins a stream to a target frame rate by presentation time: time is cut into slots of
 * {@code 1 / targetFps} starting at the first frame, and a frame is kept when its pts has
 * reached the next slot. Working from pts rather than from frame counts keeps the rate right
 * for variable-frame-rate sources and across dropped frames. Not thread-safe: one per camera.
 */
public final class FrameSampler {
  /**
   * Slack when comparing a pts with a slot: pts are rounded to whole µs from the stream's time
   * base, so a frame meant to sit exactly on a slot may land a microsecond before it.
   */
  private static final long TOLERANCE_US = 1_000;

  private final boolean keepAll;
  private final double intervalUs;
  private boolean anchored;
  private long anchorUs;
  private long nextSlot;

  /**
   * @param targetFps the rate to keep; 0 or less keeps every frame
   * @param sourceFps the source's nominal rate, 0 when unknown; a target at or above it keeps
   *     every frame
   */
  public FrameSampler(double targetFps, double sourceFps) {
    this.keepAll = targetFps <= 0 || (sourceFps > 0 && targetFps >= sourceFps);
    this.intervalUs = keepAll ? 0 : 1_000_000.0 / targetFps;
  }

  /** Whether every frame is kept. */
  public boolean keepsAll() {
    return keepAll;
  }

  /** Whether to keep the frame presented at {@code ptsUs}; call once per frame, in stream order. */
  public boolean keep(long ptsUs) {
    if (keepAll) {
      return true;
    }
    if (!anchored || ptsUs < slotStart(nextSlot - 1) - TOLERANCE_US) {
      // First frame, or time went backwards (a stream restarted): start the slots afresh here.
      anchored = true;
      anchorUs = ptsUs;
      nextSlot = 1;
      return true;
    }
    if (ptsUs + TOLERANCE_US < slotStart(nextSlot)) {
      return false;
    }
    // Skip every slot this frame has passed, so a gap in the stream is not followed by a burst.
    nextSlot = (long) Math.floor((ptsUs + TOLERANCE_US - anchorUs) / intervalUs) + 1;
    return true;
  }

  /** Forgets the slots, so the next frame is kept and starts a new series (after a reconnect). */
  public void reset() {
    anchored = false;
  }

  private double slotStart(long slot) {
    // From the anchor each time rather than by adding intervals, so rounding never accumulates.
    return anchorUs + slot * intervalUs;
  }
}
