package org.segstream.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.ingest.fleet.FleetWatcher;
import org.segstream.ingest.publish.FramePublisher;
import org.segstream.metrics.MetricsServer;
import org.segstream.proto.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests a fleet of cameras in this process: one {@link CameraIngest} per enabled camera, each on
 * its own thread so a slow or reconnecting camera never stalls another, all publishing through one
 * shared {@link FramePublisher}, with their health on the cameras topic and their meters in one
 * registry. {@link #apply} changes the fleet while it runs. Lifecycle: {@link #start()} →
 * {@link #awaitCompletion} or {@link #stop()} → {@link #close()}.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  /** How long close() waits for camera loops and then for the producers' outstanding records. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final FramePublisher publisher;
  private final CameraStatusReporter status;
  private final MeterRegistry registry;
  private final String sessionId;
  private final Fleet fleet;
  private final List<AutoCloseable> extras = new ArrayList<>();
  private List<CameraSpec> initial;
  private boolean started;
  private volatile boolean closed;

  IngestService(List<CameraSpec> cameras, FramePublisher publisher, CameraStatusReporter status,
      MeterRegistry registry, String sessionId) {
    this.publisher = publisher;
    this.status = status;
    this.registry = registry;
    this.sessionId = sessionId;
    this.fleet = new Fleet(publisher, status, registry, sessionId);
    this.initial = List.copyOf(cameras);
  }

  /**
   * A service for the config's cameras with its own Kafka producers and a new session id; it
   * watches the config's fleet file and serves metrics when the config says so.
   */
  public static IngestService create(IngestConfig config) {
    String sessionId = UUID.randomUUID().toString();
    FramePublisher publisher = FramePublisher.create(config.producerProperties(), config.framesTopic());
    CameraStatusReporter status = new CameraStatusReporter(
        new KafkaProducer<>(config.statusProducerProperties(), new StringSerializer(),
            Serdes.cameraStatus().serializer()),
        config.camerasTopic(), sessionId, Duration.ofMillis(config.statusIntervalMs()));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IngestService service = new IngestService(config.cameras(), publisher, status, registry, sessionId);
    try {
      if (config.metricsPort() > 0) {
        service.extras.add(MetricsServer.start(registry, config.metricsPort()));
      }
    } catch (RuntimeException e) {
      // A taken port: the producers are already open and must not leak.
      service.close();
      throw e;
    }
    if (config.fleetFile() != null) {
      service.extras.add(new FleetWatcher(config.fleetFile(), Duration.ofMillis(config.fleetPollMs()), service::apply));
    }
    return service;
  }

  /** The id stamped on every frame of this run ({@code Frame.ingest_session_id}). */
  public String sessionId() {
    return sessionId;
  }

  /** Where this service's meters are (Prometheus text via {@code scrape()} when created by {@link #create}). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Starts every camera's capture loop on its own thread, the status reports and the fleet file watch. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("ingest service already started");
    }
    started = true;
    status.start();
    fleet.apply(initial);
    initial = null;
    extras.stream().filter(FleetWatcher.class::isInstance).map(FleetWatcher.class::cast).forEach(FleetWatcher::start);
    LOG.info("ingest session {} started {} camera(s) to topic {}", sessionId, fleet.size(), publisher.topic());
  }

  /**
   * Makes {@code cameras} the running fleet: starts new cameras, stops and tombstones removed
   * ones, restarts changed ones; cameras whose settings did not change are not touched.
   *
   * @return what changed
   */
  public synchronized Fleet.Change apply(List<CameraSpec> cameras) {
    if (closed) {
      throw new IllegalStateException("ingest service is closed");
    }
    Fleet.Change change = fleet.apply(cameras);
    if (!change.isEmpty()) {
      LOG.info("fleet changed: {}", change);
    }
    return change;
  }

  /** Asks every camera to stop; returns at once. */
  public void stop() {
    fleet.stopAll();
  }

  /**
   * Waits until every camera's loop has ended (files done, frame limits reached, failures or a
   * stop) and the producer has an answer for every frame, so {@link #stats()} is final.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    if (!fleet.awaitLoops(timeout)) {
      return false;
    }
    if (!closed) {
      // After close() the producer is gone and has already answered for every frame it took.
      publisher.flush();
    }
    return true;
  }

  /** Counters and state per camera id of the current fleet, in fleet order. */
  public Map<String, CameraStats> stats() {
    return new LinkedHashMap<>(fleet.stats());
  }

  /** One camera's counters and state. */
  public CameraStats stats(String cameraId) {
    CameraStats stats = fleet.stats().get(cameraId);
    if (stats == null) {
      throw new IllegalArgumentException("no camera " + cameraId + " in this ingest service");
    }
    return stats;
  }

  /** Frames that failed to publish, all cameras together. */
  public long publishFailures() {
    return publisher.failed();
  }

  /**
   * Stops the fleet watch and the cameras, waits for their loops, publishes their final status,
   * then flushes and closes the producers. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Reverse of start: the fleet watch (it changes the cameras), the capture loops (they feed the
    // producers), then the status reports and the producers.
    for (int i = extras.size() - 1; i >= 0; i--) {
      closeQuietly(extras.get(i));
    }
    stop();
    try {
      if (!fleet.awaitLoops(CLOSE_TIMEOUT)) {
        LOG.warn("cameras did not stop within {}", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while stopping cameras; closing the producers anyway");
    }
    status.close(CLOSE_TIMEOUT);
    publisher.close(CLOSE_TIMEOUT);
    LOG.info("ingest session {} closed: {}", sessionId, fleet.stats().values());
  }

  private static void closeQuietly(AutoCloseable component) {
    try {
      component.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", component.getClass().getSimpleName(), e.toString());
    }
  }
}
