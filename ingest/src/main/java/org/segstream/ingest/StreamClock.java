package org.segstream.ingest;

import org.segstream.ingest.sample.Pacer;

/**
 * A camera's stream time: the source's pts made monotonic across replays of a file, with a stand-in
 * for frames without a pts, and the pacer that releases a file's frames at their own rate. Not
 * thread-safe: one per camera loop.
 */
final class StreamClock {
  private final Pacer pacer;
  /** Added to a file's pts on each replay so that pts keep increasing across loops. */
  private long loopOffsetUs;
  private long lastPtsUs = -1;
  private long frameDurationUs = 1;

  StreamClock(Pacer pacer) {
    this.pacer = pacer;
  }

  /** The source (re)opened at {@code frameRate} frames/s (0 when unknown). */
  void opened(double frameRate) {
    frameDurationUs = frameRate > 0 ? Math.round(1_000_000 / frameRate) : 1;
  }

  /**
   * The stream pts made monotonic across replays; -1 from the source (unknown) becomes the
   * previous pts plus one frame, so sampling and pacing still work.
   */
  long timeline(long sourcePtsUs) {
    long pts = sourcePtsUs >= 0 ? sourcePtsUs + loopOffsetUs : lastPtsUs + frameDurationUs;
    lastPtsUs = Math.max(pts, 0);
    return lastPtsUs;
  }

  /** Nanoseconds to wait before releasing the frame at {@code pts}; 0 when due. */
  long waitNanos(long pts) {
    return pacer.waitNanos(pts, System.nanoTime());
  }

  /** A file starts over: its pts continue after the last frame instead of going back to 0. */
  void replay() {
    loopOffsetUs = lastPtsUs + frameDurationUs;
  }

  /** A live stream was reopened: its pts start afresh, and so does pacing. */
  void reconnected() {
    pacer.reset();
    loopOffsetUs = 0;
    lastPtsUs = -1;
  }
}
