package org.segstream.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.segstream.ingest.source.SourceUrl;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.v1.CameraState;
import org.segstream.proto.v1.CameraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each camera's {@link CameraStatus} to the compacted cameras topic, keyed by camera id:
 * at once on every state change, and every {@code interval} for all cameras; a tombstone when a
 * camera leaves the fleet. Everything runs on one thread of its own, so a capture loop that
 * changes state never waits on Kafka, and a camera's records leave in the order they were made
 * (the tombstone last).
 */
final class CameraStatusReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraStatusReporter.class);

  /** A tracked camera and what its last status said, for the frame rate over the interval. */
  private static final class Tracked {
    final CameraSpec spec;
    final CameraCounters counters;
    long lastPublished;
    long lastNanos;
    double fps;

    Tracked(CameraSpec spec, CameraCounters counters) {
      this.spec = spec;
      this.counters = counters;
      this.lastPublished = counters.published.get();
      this.lastNanos = System.nanoTime();
    }
  }

  private final Producer<String, CameraStatus> producer;
  private final String topic;
  private final String sessionId;
  private final Duration interval;
  private final Map<String, Tracked> cameras = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "segstream-camera-status");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong failures = new AtomicLong();
  /** Removed cameras whose tombstone is not sent yet; close() sends what the thread did not. */
  private final java.util.Set<String> tombstones = ConcurrentHashMap.newKeySet();

  /** Takes ownership of {@code producer}: it is closed with this reporter. */
  CameraStatusReporter(Producer<String, CameraStatus> producer, String topic, String sessionId, Duration interval) {
    this.producer = producer;
    this.topic = topic;
    this.sessionId = sessionId;
    this.interval = interval;
  }

  void start() {
    long ms = interval.toMillis();
    thread.scheduleAtFixedRate(this::publishAll, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Reports {@code spec}'s camera from now on (replacing an earlier spec of the same id). */
  void track(CameraSpec spec, CameraCounters counters) {
    cameras.put(spec.id(), new Tracked(spec, counters));
    counters.onStateChange(this::changed);
    changed(spec.id());
  }

  /** Stops reporting a camera and tombstones it, so ListCameras forgets it. */
  void untrack(String cameraId) {
    cameras.remove(cameraId);
    tombstones.add(cameraId);
    run(() -> {
      if (tombstones.remove(cameraId)) {
        send(cameraId, null);
      }
    });
  }

  /**
   * A camera's state changed: publish its status now (on the reporter's thread) with the state it
   * changed to, read here, so a brief state (a quick reconnect) is published even if the camera
   * has moved on by the time the status is sent.
   */
  void changed(String cameraId) {
    Tracked tracked = cameras.get(cameraId);
    if (tracked == null) {
      return;
    }
    CameraStats.State state = tracked.counters.state();
    run(() -> {
      Tracked t = cameras.get(cameraId);
      if (t != null) {
        send(t.spec.id(), status(t, state));
      }
    });
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      // Closing: the final statuses are published by close() itself.
      LOG.debug("camera status not published while closing: {}", e.toString());
    }
  }

  private void publishAll() {
    cameras.values().forEach(this::publish);
  }

  private void publish(Tracked t) {
    send(t.spec.id(), status(t, t.counters.state()));
  }

  private CameraStatus status(Tracked t, CameraStats.State state) {
    CameraCounters c = t.counters;
    long published = c.published.get();
    long now = System.nanoTime();
    double seconds = (now - t.lastNanos) / 1e9;
    // A state change right after a periodic report would measure over a sliver of time: keep the
    // last rate until at least half a second has passed.
    if (seconds >= 0.5) {
      t.fps = (published - t.lastPublished) / seconds;
      t.lastPublished = published;
      t.lastNanos = now;
    }
    return CameraStatus.newBuilder()
        .setCameraId(t.spec.id())
        .setState(state(state))
        .setLastError(c.lastError())
        .setLastErrorTimeUs(c.lastErrorTimeUs())
        .setMeasuredFps(t.fps)
        .setFramesSent(published)
        .setFramesDropped(c.dropped.get() + c.failed.get())
        .setReconnects(c.reconnects.get())
        .setProjection(t.spec.projection())
        .setHorizontalFovDeg(t.spec.hfovDeg())
        .setSource(SourceUrl.redact(t.spec.source()))
        .setIngestSessionId(sessionId)
        .setUpdateTimeUs(EpochMicros.now())
        .build();
  }

  private void send(String cameraId, CameraStatus status) {
    try {
      producer.send(new ProducerRecord<>(topic, cameraId, status), (metadata, error) -> {
        if (error != null) {
          failed(cameraId, error);
        }
      });
    } catch (KafkaException | IllegalStateException e) {
      failed(cameraId, e);
    }
  }

  private void failed(String cameraId, Exception error) {
    long n = failures.incrementAndGet();
    if (n <= 5 || n % 100 == 0) {
      LOG.warn("status of camera {} not published ({} failures so far): {}", cameraId, n, error.toString());
    }
  }

  /** The wire state of a capture loop's state. */
  static CameraState state(CameraStats.State state) {
    return switch (state) {
      case STARTING -> CameraState.CONNECTING;
      case RUNNING -> CameraState.ONLINE;
      case RECONNECTING -> CameraState.RECONNECTING;
      case FAILED -> CameraState.FAILED;
      case FINISHED, STOPPED -> CameraState.STOPPED;
    };
  }

  /**
   * Publishes every camera's final status, then closes the producer (waiting at most
   * {@code timeout}). Statuses still queued are dropped rather than sent: the final ones supersede
   * them, and behind an unreachable cameras topic each would wait {@code max.block.ms}.
   */
  void close(Duration timeout) {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("camera status thread did not finish within {}", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while finishing camera statuses; closing the producer anyway");
    }
    if (failures.get() == 0) {
      tombstones.forEach(id -> send(id, null));
      publishAll();
    } else {
      LOG.warn("final camera statuses not published: {} earlier statuses failed", failures.get());
    }
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
