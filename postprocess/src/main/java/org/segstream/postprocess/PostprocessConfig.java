package org.segstream.postprocess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.segstream.postprocess.topology.MaskTimestampExtractor;
import org.segstream.proto.Topics;

/**
 * The postprocessor's settings, validated on construction with messages that name the field and
 * its environment variable.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId Kafka Streams application id: consumer group, state and internal-topic prefix
 * @param masksTopic topic of {@code Mask}s to count
 * @param statsTopic topic every window update goes to as a {@code SceneStats}
 * @param masksDlqTopic topic for masks that cannot be counted, with the reason in headers
 * @param camerasTopic compacted topic of ingest's {@code CameraStatus} records, served by ListCameras
 * @param windowSizes tumbling window sizes, whole seconds, ascending, no duplicates
 * @param grace how long after a window ends a late frame is still counted in it
 * @param retention how long window statistics stay queryable; at least the largest window plus grace
 * @param stateDir where Kafka Streams keeps its local state stores
 * @param grpcHost address the gRPC server binds to
 * @param grpcPort port of the gRPC server; 0 picks a free one
 * @param commitInterval how often Kafka Streams commits (each commit is a transaction under exactly-once)
 * @param metricsPort port of the Prometheus endpoint ({@code GET /metrics}); 0 serves none
 * @param sectors azimuth sectors per equirectangular frame for the per-sector class areas, 1..360
 * @param advertisedGrpc {@code host:port} other instances reach this one's gRPC server at
 *     (Kafka Streams' {@code application.server}); empty for a single instance
 * @param security TLS, mutual TLS and bearer tokens of the gRPC server, each off unless configured
 */
public record PostprocessConfig(
    String bootstrapServers,
    String applicationId,
    String masksTopic,
    String statsTopic,
    String masksDlqTopic,
    String camerasTopic,
    List<Duration> windowSizes,
    Duration grace,
    Duration retention,
    Path stateDir,
    String grpcHost,
    int grpcPort,
    Duration commitInterval,
    int metricsPort,
    int sectors,
    String advertisedGrpc,
    GrpcSecurity security) {

  private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile("[^:\\s]+:\\d{1,5}");

  /** The port the CLI's {@code stats} command calls by default. */
  public static final int DEFAULT_GRPC_PORT = 50051;

  public PostprocessConfig {
    requireText(bootstrapServers, "bootstrapServers (SEGSTREAM_BOOTSTRAP_SERVERS)");
    requireText(applicationId, "applicationId (SEGSTREAM_APPLICATION_ID)");
    requireText(masksTopic, "masksTopic (SEGSTREAM_MASKS_TOPIC)");
    requireText(statsTopic, "statsTopic (SEGSTREAM_STATS_TOPIC)");
    requireText(masksDlqTopic, "masksDlqTopic (SEGSTREAM_MASKS_DLQ_TOPIC)");
    requireText(camerasTopic, "camerasTopic (SEGSTREAM_CAMERAS_TOPIC)");
    windowSizes = checkedWindowSizes(windowSizes);
    requireNonNegative(grace, "grace (SEGSTREAM_WINDOW_GRACE)");
    requirePositive(retention, "retention (SEGSTREAM_WINDOW_RETENTION)");
    Duration largest = windowSizes.get(windowSizes.size() - 1);
    // A window store drops a window once it is older than the retention, so a shorter retention
    // would lose windows that may still receive late frames.
    if (retention.compareTo(largest.plus(grace)) < 0) {
      throw new IllegalArgumentException("retention (SEGSTREAM_WINDOW_RETENTION) must be at least the largest window "
          + "plus grace (" + largest.plus(grace) + "), got " + retention);
    }
    if (stateDir == null) {
      throw new IllegalArgumentException("stateDir (SEGSTREAM_STATE_DIR) is required");
    }
    requireText(grpcHost, "grpcHost (SEGSTREAM_GRPC_HOST)");
    if (grpcPort < 0 || grpcPort > 65535) {
      throw new IllegalArgumentException("grpcPort (SEGSTREAM_GRPC_PORT) must be in 0..65535, got " + grpcPort);
    }
    requirePositive(commitInterval, "commitInterval (SEGSTREAM_COMMIT_INTERVAL)");
    if (advertisedGrpc == null || !(advertisedGrpc.isEmpty() || HOST_PORT.matcher(advertisedGrpc).matches())) {
      throw new IllegalArgumentException("advertisedGrpc (SEGSTREAM_ADVERTISED_GRPC) must be host:port or empty, got '"
          + advertisedGrpc + "'");
    }
    if (security == null) {
      throw new IllegalArgumentException("security is required (GrpcSecurity.NONE for none)");
    }
    if (sectors < 1 || sectors > 360) {
      throw new IllegalArgumentException("sectors (SEGSTREAM_SECTORS) must be in 1..360, got " + sectors);
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException("metricsPort (SEGSTREAM_METRICS_PORT) must be in 0..65535 (0 = none), got "
          + metricsPort);
    }
  }

  /** A config with the contract's topics and defaults for everything but the broker. */
  public static PostprocessConfig defaults(String bootstrapServers) {
    return new PostprocessConfig(bootstrapServers, "segstream-postprocess", Topics.MASKS, Topics.STATS,
        Topics.MASKS_DLQ, Topics.CAMERAS, List.of(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1)),
        Duration.ofSeconds(5), Duration.ofHours(1),
        // Not under the OS temp dir, which may be cleaned while the stores' checkpoints live there.
        Path.of(System.getProperty("user.home"), ".segstream", "state", "postprocess"), "127.0.0.1",
        DEFAULT_GRPC_PORT, Duration.ofMillis(100), 0, 8, "", GrpcSecurity.NONE);
  }

  /** Reads {@code SEGSTREAM_*} variables; unset or blank ones take the defaults. */
  public static PostprocessConfig fromEnv(Map<String, String> env) {
    PostprocessConfig d = defaults(text(env, "SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    return new PostprocessConfig(d.bootstrapServers,
        text(env, "SEGSTREAM_APPLICATION_ID", d.applicationId),
        text(env, "SEGSTREAM_MASKS_TOPIC", d.masksTopic),
        text(env, "SEGSTREAM_STATS_TOPIC", d.statsTopic),
        text(env, "SEGSTREAM_MASKS_DLQ_TOPIC", d.masksDlqTopic),
        text(env, "SEGSTREAM_CAMERAS_TOPIC", d.camerasTopic),
        durations(env, "SEGSTREAM_WINDOW_SIZES", d.windowSizes),
        duration(env, "SEGSTREAM_WINDOW_GRACE", d.grace),
        duration(env, "SEGSTREAM_WINDOW_RETENTION", d.retention),
        Path.of(text(env, "SEGSTREAM_STATE_DIR", d.stateDir.toString())),
        text(env, "SEGSTREAM_GRPC_HOST", d.grpcHost),
        integer(env, "SEGSTREAM_GRPC_PORT", d.grpcPort),
        duration(env, "SEGSTREAM_COMMIT_INTERVAL", d.commitInterval),
        integer(env, "SEGSTREAM_METRICS_PORT", d.metricsPort),
        integer(env, "SEGSTREAM_SECTORS", d.sectors),
        text(env, "SEGSTREAM_ADVERTISED_GRPC", d.advertisedGrpc),
        GrpcSecurity.fromEnv(env));
  }

  /** This config with another gRPC address; port 0 picks a free one. */
  public PostprocessConfig withGrpc(String host, int port) {
    return new PostprocessConfig(bootstrapServers, applicationId, masksTopic, statsTopic, masksDlqTopic,
        camerasTopic, windowSizes, grace, retention, stateDir, host, port, commitInterval, metricsPort, sectors, advertisedGrpc, security);
  }

  /** This config advertising its gRPC server at {@code hostPort} to the other instances. */
  public PostprocessConfig withAdvertisedGrpc(String hostPort) {
    return new PostprocessConfig(bootstrapServers, applicationId, masksTopic, statsTopic, masksDlqTopic,
        camerasTopic, windowSizes, grace, retention, stateDir, grpcHost, grpcPort, commitInterval, metricsPort,
        sectors, hostPort, security);
  }

  /** This config with TLS, mutual TLS or tokens on the gRPC server. */
  public PostprocessConfig withSecurity(GrpcSecurity grpcSecurity) {
    return new PostprocessConfig(bootstrapServers, applicationId, masksTopic, statsTopic, masksDlqTopic,
        camerasTopic, windowSizes, grace, retention, stateDir, grpcHost, grpcPort, commitInterval, metricsPort,
        sectors, advertisedGrpc, grpcSecurity);
  }

  /** This config with another Kafka Streams state directory. */
  public PostprocessConfig withStateDir(Path dir) {
    return new PostprocessConfig(bootstrapServers, applicationId, masksTopic, statsTopic, masksDlqTopic,
        camerasTopic, windowSizes, grace, retention, dir, grpcHost, grpcPort, commitInterval, metricsPort, sectors, advertisedGrpc, security);
  }

  /** The Kafka Streams settings of this postprocessor. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Every counted frame and its DLQ record or stats update commit together (DESIGN: guarantees);
    // this also makes the embedded consumer read only committed masks.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
    // Raw bytes by default: masks are parsed inside the topology so a bad one is dead-lettered.
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, MaskTimestampExtractor.class.getName());
    // Keys are plain strings, so only a broken key ends up here: log it and go on rather than stop.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
    // The camera-status global table's processing goes through the processing exception handler
    // too, as from Kafka 5.0 on; without this, Kafka Streams warns at every start. The partition
    // assignor builds its own StreamsConfig from the main consumer's settings, so they carry it too.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitInterval.toMillis()));
    if (!advertisedGrpc.isEmpty()) {
      // Lets every instance find which one holds a camera, to forward queries there.
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedGrpc);
    }
    return p;
  }

  /** The window sizes as the whole seconds the gRPC API names them by. */
  public List<Long> windowSeconds() {
    return windowSizes.stream().map(Duration::toSeconds).toList();
  }

  private static List<Duration> checkedWindowSizes(List<Duration> sizes) {
    String field = "windowSizes (SEGSTREAM_WINDOW_SIZES)";
    if (sizes == null || sizes.isEmpty()) {
      throw new IllegalArgumentException(field + " needs at least one size");
    }
    for (Duration size : sizes) {
      // The gRPC API selects a window by its size in seconds.
      if (size == null || size.isNegative() || size.isZero() || size.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException(field + " must be positive whole seconds, got " + size);
      }
    }
    if (new HashSet<>(sizes).size() != sizes.size()) {
      throw new IllegalArgumentException(field + " has duplicates: " + sizes);
    }
    return sizes.stream().sorted().toList();
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : Durations.parse(value, name);
  }

  private static List<Duration> durations(Map<String, String> env, String name, List<Duration> fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return Arrays.stream(value.split(",")).map(s -> Durations.parse(s, name)).toList();
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
    }
  }

  private static void requireNonNegative(Duration value, String field) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
  }
}
