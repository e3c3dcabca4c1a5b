package org.segstream.ingest;

import java.util.concurrent.atomic.AtomicLong;
import org.segstream.ingest.publish.PublishListener;

/**
 * One camera's live counters: written by its capture thread and by the producer's I/O thread
 * (through {@link PublishListener}), read by anyone.
 */
final class CameraCounters implements PublishListener {
  private final String cameraId;
  private final AtomicLong grabbed = new AtomicLong();
  private final AtomicLong sampled = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile CameraStats.State state = CameraStats.State.STARTING;
  private volatile String error = "";

  CameraCounters(String cameraId) {
    this.cameraId = cameraId;
  }

  void grabbed() {
    grabbed.incrementAndGet();
  }

  void sampled() {
    sampled.incrementAndGet();
  }

  void state(CameraStats.State next, String why) {
    state = next;
    error = why == null ? "" : why;
  }

  CameraStats.State state() {
    return state;
  }

  @Override
  public void acknowledged() {
    published.incrementAndGet();
  }

  @Override
  public void failed(Exception cause) {
    failed.incrementAndGet();
  }

  CameraStats snapshot() {
    // Read the outcome counters before "sampled" so a concurrent ack can never make
    // published + failed exceed sampled in one snapshot.
    long done = published.get();
    long lost = failed.get();
    return new CameraStats(cameraId, state, grabbed.get(), sampled.get(), done, lost, error);
  }
}
