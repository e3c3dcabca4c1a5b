package org.segstream.postprocess.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.segstream.proto.v1.LatestFrame;

/**
 * One camera's running state in {@link WindowCounter}: its newest frame and its open windows of
 * each size, ascending by start (between frames the counter keeps only the newest of each size).
 * Mutable and owned by one stream thread; the counter writes it back to its store after every
 * frame, so it is what a commit makes durable. The {@code published} marks are not stored: after a
 * restart everything open is published once more.
 */
public final class CameraWindows {
  /** One open window: its start and aggregate, and the frame count last published. */
  static final class Open {
    final long startMs;
    private WindowAggregate aggregate;
    // A window read back from the store keeps its aggregate in stored form until first asked:
    // ListCameras (and GetLatest of a camera not in LatestFrames) read a camera's state for its
    // newest frame alone, and decoding the windows was two fifths of what GetLatest's handler
    // allocated when it read the store (JFR, README).
    private byte[] stored;
    long publishedFrames;

    Open(long startMs, WindowAggregate aggregate, long publishedFrames) {
      this.startMs = startMs;
      this.aggregate = aggregate;
      this.publishedFrames = publishedFrames;
    }

    private Open(long startMs, byte[] stored) {
      this.startMs = startMs;
      this.stored = stored;
    }

    /** The aggregate; one read back from the store is decoded now (a malformed one: a SerializationException). */
    WindowAggregate aggregate() {
      if (stored != null) {
        aggregate = WindowAggregateSerde.read(stored);
        stored = null;
      }
      return aggregate;
    }

    void add(WindowAggregate frame) {
      aggregate = aggregate().plus(frame);
    }

    boolean unpublished() {
      return aggregate().frames() != publishedFrames;
    }
  }

  private final long[] sizesMs;
  private final List<List<Open>> open;
  private LatestFrame latest;
  private boolean latestPublished;

  /** No frame yet, for these window sizes. */
  CameraWindows(long[] sizesMs) {
    this.sizesMs = sizesMs.clone();
    this.open = new ArrayList<>(sizesMs.length);
    for (int i = 0; i < sizesMs.length; i++) {
      open.add(new ArrayList<>(4));
    }
  }

  long[] sizesMs() {
    return sizesMs;
  }

  /**
   * The open windows of one size by start, ascending; empty for a size not counted. Queries read
   * them here: open windows are written to their window store only when they close or the next
   * one starts.
   */
  public java.util.SortedMap<Long, WindowAggregate> openWindows(java.time.Duration size) {
    java.util.SortedMap<Long, WindowAggregate> windows = new java.util.TreeMap<>();
    for (int i = 0; i < sizesMs.length; i++) {
      if (sizesMs[i] == size.toMillis()) {
        open.get(i).forEach(window -> windows.put(window.startMs, window.aggregate()));
      }
    }
    return windows;
  }

  /** The open windows of the {@code i}-th size, ascending by start; the caller may remove closed ones. */
  List<Open> open(int i) {
    return open.get(i);
  }

  /**
   * Counts a frame, as its one-frame aggregate, in the window of the {@code i}-th size starting at
   * {@code startMs}; a window not open here starts from what {@code stored} returns for it (null
   * for none), so a window whose state was lost or written by an older version is continued, not
   * overwritten.
   */
  void add(int i, long startMs, WindowAggregate frame, LongFunction<WindowAggregate> stored) {
    List<Open> windows = open.get(i);
    int k = windows.size();
    // Frames mostly land in the newest window: search from the end.
    while (k > 0 && windows.get(k - 1).startMs > startMs) {
      k--;
    }
    if (k > 0 && windows.get(k - 1).startMs == startMs) {
      windows.get(k - 1).add(frame);
      return;
    }
    WindowAggregate before = stored.apply(startMs);
    WindowAggregate base = before == null ? WindowAggregate.empty() : before;
    windows.add(k, new Open(startMs, base.plus(frame), base.frames()));
  }

  /** Restores a window read back from the store, its aggregate in {@link WindowAggregateSerde}'s form. */
  void restore(int i, long startMs, byte[] aggregate) {
    open.get(i).add(new Open(startMs, aggregate));
  }

  /** Keeps {@code frame} if it is newer than the newest frame so far (by capture time, then sequence). */
  void offerLatest(LatestFrame frame) {
    LatestFrame newer = latest == null ? frame : StatsTopology.newer(latest, frame);
    if (newer != latest) {
      latest = newer;
      latestPublished = false;
    }
  }

  /** The camera's newest counted frame; null before the first. */
  public LatestFrame latest() {
    return latest;
  }

  /** The newest frame, if it changed since this was last called; null otherwise. */
  LatestFrame takeUnpublishedLatest() {
    if (latest == null || latestPublished) {
      return null;
    }
    latestPublished = true;
    return latest;
  }

  /** Restores the newest frame read back from the store. */
  void restoreLatest(LatestFrame frame) {
    latest = frame;
    latestPublished = false;
  }
}
