package org.segstream.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.segstream.ingest.publish.PublishListener;
import org.segstream.proto.EpochMicros;

/**
 * One camera's live counters for this ingest session: written by its capture thread and by the
 * producer's I/O thread (through {@link PublishListener}), read by anyone (stats, camera status,
 * Prometheus). They outlive a camera's capture loop: a camera whose settings change gets a new
 * loop that goes on counting (and numbering frames) where the old one stopped.
 */
final class CameraCounters implements PublishListener {
  private final String cameraId;
  final AtomicLong sequence = new AtomicLong();
  final AtomicLong grabbed = new AtomicLong();
  final AtomicLong sampled = new AtomicLong();
  final AtomicLong published = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong reconnects = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong encoded = new AtomicLong();
  final AtomicLong encodeNanos = new AtomicLong();
  private volatile CameraStats.State state = CameraStats.State.STARTING;
  private volatile String error = "";
  private volatile String lastError = "";
  private volatile long lastErrorTimeUs;
  /** Told the camera id after every state change; must not block (it runs on the capture thread). */
  private volatile Consumer<String> stateListener = id -> { };

  CameraCounters(String cameraId) {
    this.cameraId = cameraId;
  }

  String cameraId() {
    return cameraId;
  }

  void onStateChange(Consumer<String> listener) {
    stateListener = listener;
  }

  void grabbed() {
    grabbed.incrementAndGet();
  }

  /** A frame handed to the producer after encoding to {@code size} bytes in {@code nanos}. */
  void sampled(int size, long nanos) {
    sampled.incrementAndGet();
    bytes.addAndGet(size);
    encoded.incrementAndGet();
    encodeNanos.addAndGet(nanos);
  }

  /** A frame lost before publishing: a null grab from a live source, a read or encode error. */
  void dropped(String why) {
    dropped.incrementAndGet();
    if (why != null) {
      recordError(why);
    }
  }

  void reconnected() {
    reconnects.incrementAndGet();
  }

  /**
   * Moves to {@code next}; {@code why} is the current error (kept while FAILED or RECONNECTING,
   * and remembered as the last error until a newer one).
   */
  void state(CameraStats.State next, String why) {
    CameraStats.State before = state;
    state = next;
    error = why == null ? "" : why;
    if (why != null) {
      recordError(why);
    }
    if (before != next) {
      stateListener.accept(cameraId);
    }
  }

  private void recordError(String why) {
    lastErrorTimeUs = EpochMicros.now();
    lastError = why;
  }

  CameraStats.State state() {
    return state;
  }

  String lastError() {
    return lastError;
  }

  long lastErrorTimeUs() {
    return lastErrorTimeUs;
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
    return new CameraStats(cameraId, state, grabbed.get(), sampled.get(), done, lost, dropped.get(),
        reconnects.get(), error);
  }
}
