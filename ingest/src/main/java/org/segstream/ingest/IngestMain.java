package org.segstream.ingest;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service as a process: config from {@code SEGSTREAM_*} variables (see
 * {@link IngestConfig#fromEnv}) → build → start → run until told to stop (a fleet file is watched
 * for ever; cameras given without one end with their files). Exits 1 when a camera failed, 2 on
 * a bad configuration.
 */
public final class IngestMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

  private IngestMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(System.getenv()));
  }

  /** Runs ingest configured by {@code env} until it ends or the JVM stops; returns the exit code. */
  public static int run(Map<String, String> env) throws InterruptedException {
    IngestConfig config;
    try {
      config = IngestConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      LOG.error("bad configuration: {}", e.getMessage());
      return 2;
    }
    IngestService service = build(config);
    // One named hook; close() stops the fleet watch and the cameras, then flushes the producers.
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "segstream-ingest-shutdown"));
    service.start();
    boolean watching = config.fleetFile() != null;
    // Cameras that loop or are live never end, and a watched fleet may gain cameras at any time:
    // then this waits until the shutdown hook stops them.
    while (watching || !service.awaitCompletion(Duration.ofMinutes(1))) {
      if (watching) {
        Thread.sleep(Duration.ofMinutes(1).toMillis());
      }
      LOG.info("ingest: {}", service.stats().values());
    }
    service.close();
    boolean failed = service.stats().values().stream()
        .anyMatch(s -> s.state() == CameraStats.State.FAILED || s.failed() > 0);
    return failed ? 1 : 0;
  }

  /** Builds the service from its config; the tests build it the same way. */
  static IngestService build(IngestConfig config) {
    return IngestService.create(config);
  }
}
