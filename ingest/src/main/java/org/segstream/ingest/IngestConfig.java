package org.segstream.ingest;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.segstream.ingest.fleet.FleetFile;
import org.segstream.proto.Topics;

/**
 * The ingest service's settings: the Kafka side, the fleet and the health reporting. Validated on
 * construction with messages that name the field and its variable.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic topic the {@code Frame}s go to
 * @param camerasTopic compacted topic the {@code CameraStatus} records go to
 * @param fleetFile the fleet file the cameras came from, watched for changes; null when the
 *     cameras were given directly (one camera from the environment, the demo, tests)
 * @param fleetPollMs how often the fleet file is checked for changes
 * @param statusIntervalMs how often every camera's status is published besides on state changes
 * @param metricsPort port of the Prometheus endpoint {@code /metrics}; 0 = none
 * @param cameras the cameras to ingest at start, ids unique; at least one unless a fleet file is
 *     watched (a fleet may start empty and get cameras later)
 */
public record IngestConfig(
    String bootstrapServers,
    String framesTopic,
    String camerasTopic,
    Path fleetFile,
    long fleetPollMs,
    long statusIntervalMs,
    int metricsPort,
    List<CameraSpec> cameras) {

  /**
   * Largest request the producer sends. Matches the broker's {@code message.max.bytes} in the
   * project's deployments: a 4K 360° frame at high JPEG quality exceeds Kafka's 1 MB default.
   */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
  public static final long DEFAULT_FLEET_POLL_MS = 1000;
  public static final long DEFAULT_STATUS_INTERVAL_MS = 5000;
  /**
   * How long a send may wait for buffer space or metadata. Short, so a broker that cannot keep
   * up costs frames (counted as dropped) instead of freezing every camera's loop for a minute.
   */
  static final int MAX_BLOCK_MS = 2000;
  /** Kafka's legal topic name characters and length. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  public IngestConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers (SEGSTREAM_BOOTSTRAP_SERVERS) is required");
    }
    checkTopic(framesTopic, "framesTopic (SEGSTREAM_FRAMES_TOPIC)");
    checkTopic(camerasTopic, "camerasTopic (SEGSTREAM_CAMERAS_TOPIC)");
    if (framesTopic.equals(camerasTopic)) {
      throw new IllegalArgumentException("camerasTopic (SEGSTREAM_CAMERAS_TOPIC) must differ from the frames topic");
    }
    if (fleetPollMs < 100 || statusIntervalMs < 100) {
      throw new IllegalArgumentException("fleetPollMs (SEGSTREAM_FLEET_POLL_MS) and statusIntervalMs"
          + " (SEGSTREAM_STATUS_INTERVAL_MS) must be >= 100, got " + fleetPollMs + " and " + statusIntervalMs);
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException("metricsPort (SEGSTREAM_METRICS_PORT) must be in 0..65535, got " + metricsPort);
    }
    cameras = List.copyOf(cameras == null ? List.of() : cameras);
    if (cameras.isEmpty() && fleetFile == null) {
      throw new IllegalArgumentException("cameras must list at least one camera (SEGSTREAM_SOURCE or"
          + " SEGSTREAM_FLEET_FILE)");
    }
    Set<String> ids = new HashSet<>();
    for (CameraSpec camera : cameras) {
      if (!ids.add(camera.id())) {
        throw new IllegalArgumentException("cameras: id " + camera.id() + " appears more than once");
      }
    }
  }

  /** Given cameras on a given frames topic, default camera topic, no fleet file, no metrics endpoint. */
  public IngestConfig(String bootstrapServers, String framesTopic, List<CameraSpec> cameras) {
    this(bootstrapServers, framesTopic, Topics.CAMERAS, null, DEFAULT_FLEET_POLL_MS, DEFAULT_STATUS_INTERVAL_MS,
        0, cameras);
  }

  private static void checkTopic(String topic, String field) {
    if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException(field + " must be a legal Kafka topic name (1..249 of letters, digits,"
          + " '.', '_', '-'), got '" + topic + "'");
    }
  }

  /** The given cameras on the default topics. */
  public static IngestConfig of(String bootstrapServers, List<CameraSpec> cameras) {
    return new IngestConfig(bootstrapServers, Topics.FRAMES, cameras);
  }

  /**
   * Reads the settings from {@code SEGSTREAM_*} variables; unset ones take defaults. The cameras
   * come from the fleet file {@code SEGSTREAM_FLEET_FILE}, or else are one camera described by
   * {@code SEGSTREAM_SOURCE} and its companions (see {@link EnvCamera}).
   */
  public static IngestConfig fromEnv(Map<String, String> env) {
    EnvVars vars = new EnvVars(env);
    String fleet = vars.text("SEGSTREAM_FLEET_FILE", null);
    if (fleet != null && vars.text("SEGSTREAM_SOURCE", null) != null) {
      throw new IllegalArgumentException("set SEGSTREAM_FLEET_FILE or SEGSTREAM_SOURCE, not both");
    }
    Path fleetFile = fleet == null ? null : Path.of(fleet);
    List<CameraSpec> cameras = fleetFile == null ? List.of(EnvCamera.read(vars)) : FleetFile.read(fleetFile);
    return new IngestConfig(
        vars.text("SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        vars.text("SEGSTREAM_FRAMES_TOPIC", Topics.FRAMES),
        vars.text("SEGSTREAM_CAMERAS_TOPIC", Topics.CAMERAS),
        fleetFile,
        vars.longInteger("SEGSTREAM_FLEET_POLL_MS", DEFAULT_FLEET_POLL_MS),
        vars.longInteger("SEGSTREAM_STATUS_INTERVAL_MS", DEFAULT_STATUS_INTERVAL_MS),
        vars.integer("SEGSTREAM_METRICS_PORT", 0),
        cameras);
  }

  /** Frame producer settings (serializers are passed to the producer's constructor, not set here). */
  public Properties producerProperties() {
    Properties p = commonProducerProperties("segstream-ingest");
    // Frames are large, so batching buys little; a few ms still lets cameras share a request.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
    // Room for several maximum-size frames while the broker catches up, before send() blocks.
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(4L * MAX_REQUEST_BYTES));
    // JPEG is already compressed: any codec here costs producer CPU and saves nothing.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return p;
  }

  /** Camera status producer settings: small records, its own producer so frames never queue ahead of them. */
  public Properties statusProducerProperties() {
    Properties p = commonProducerProperties("segstream-ingest-status");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  private Properties commonProducerProperties(String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // Retries never duplicate or reorder a camera's records, and a record counts as sent only once
    // every in-sync replica has it: the end-to-end frame count depends on both.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(MAX_BLOCK_MS));
    return p;
  }
}
