package org.segstream.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.segstream.ingest.publish.FramePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests a list of cameras in this process: one {@link CameraIngest} per camera, each on its
 * own thread so a slow or reconnecting camera never stalls another, all publishing through one
 * shared {@link FramePublisher}. Lifecycle: {@link #start()} → {@link #awaitCompletion} or
 * {@link #stop()} → {@link #close()}.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  /** How long close() waits for camera loops and then for the producer's outstanding frames. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final FramePublisher publisher;
  private final String sessionId;
  private final List<CameraIngest> cameras = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private boolean started;
  private volatile boolean closed;

  /**
   * @param cameras the cameras to ingest
   * @param publisher where frames go; closed with this service
   * @param sessionId stamped on every frame; a fresh random id for each run
   */
  public IngestService(List<CameraSpec> cameras, FramePublisher publisher, String sessionId) {
    this.publisher = publisher;
    this.sessionId = sessionId;
    for (CameraSpec spec : cameras) {
      this.cameras.add(new CameraIngest(spec, publisher, sessionId));
    }
  }

  /** A service for the config's cameras with its own Kafka producer and a new session id. */
  public static IngestService create(IngestConfig config) {
    FramePublisher publisher = FramePublisher.create(config.producerProperties(), config.framesTopic());
    return new IngestService(config.cameras(), publisher, UUID.randomUUID().toString());
  }

  /** The id stamped on every frame of this run ({@code Frame.ingest_session_id}). */
  public String sessionId() {
    return sessionId;
  }

  /** Starts every camera's capture loop on its own thread. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("ingest service already started");
    }
    started = true;
    for (CameraIngest camera : cameras) {
      Thread thread = new Thread(camera, "segstream-ingest-" + camera.spec().id());
      thread.setUncaughtExceptionHandler(
          (t, e) -> LOG.error("capture thread {} died unexpectedly", t.getName(), e));
      threads.add(thread);
      thread.start();
    }
    LOG.info("ingest session {} started {} camera(s) to topic {}", sessionId, cameras.size(), publisher.topic());
  }

  /** Asks every camera to stop; returns at once. */
  public void stop() {
    cameras.forEach(CameraIngest::stop);
  }

  /**
   * Waits until every camera's loop has ended (files done, frame limits reached, failures or a
   * stop) and the producer has an answer for every frame, so {@link #stats()} is final.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (CameraIngest camera : cameras) {
      if (!camera.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    if (!closed) {
      // After close() the producer is gone and has already answered for every frame it took.
      publisher.flush();
    }
    return true;
  }

  /** Counters and state per camera id, in configuration order. */
  public Map<String, CameraStats> stats() {
    Map<String, CameraStats> stats = new LinkedHashMap<>();
    for (CameraIngest camera : cameras) {
      stats.put(camera.spec().id(), camera.stats());
    }
    return stats;
  }

  /** One camera's counters and state. */
  public CameraStats stats(String cameraId) {
    CameraStats stats = stats().get(cameraId);
    if (stats == null) {
      throw new IllegalArgumentException("no camera " + cameraId + " in this ingest service");
    }
    return stats;
  }

  /** Frames that failed to publish, all cameras together. */
  public long publishFailures() {
    return publisher.failed();
  }

  /** Stops the cameras, waits for their loops, then flushes and closes the producer. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    // Reverse of start: capture loops first (they feed the producer), then the producer.
    try {
      for (CameraIngest camera : cameras) {
        if (!camera.await(CLOSE_TIMEOUT)) {
          LOG.warn("camera {} did not stop within {}", camera.spec().id(), CLOSE_TIMEOUT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping cameras; closing the producer anyway");
    }
    publisher.close(CLOSE_TIMEOUT);
    LOG.info("ingest session {} closed: {}", sessionId, stats().values());
  }
}
