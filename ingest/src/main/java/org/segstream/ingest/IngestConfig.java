package org.segstream.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Projection;

/**
 * The ingest service's settings: the Kafka side and the cameras to read. Validated on
 * construction with messages that name the field.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic topic the {@code Frame}s go to
 * @param cameras the cameras this process ingests, at least one, ids unique
 */
public record IngestConfig(String bootstrapServers, String framesTopic, List<CameraSpec> cameras) {

  /**
   * Largest request the producer sends. Matches the broker's {@code message.max.bytes} in the
   * project's deployments: a 4K 360° frame at high JPEG quality exceeds Kafka's 1 MB default.
   */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
  /** Kafka's legal topic name characters and length. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  public IngestConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers (SEGSTREAM_BOOTSTRAP_SERVERS) is required");
    }
    if (framesTopic == null || !TOPIC.matcher(framesTopic).matches()
        || framesTopic.equals(".") || framesTopic.equals("..")) {
      throw new IllegalArgumentException("framesTopic (SEGSTREAM_FRAMES_TOPIC) must be a legal Kafka topic"
          + " name (1..249 of letters, digits, '.', '_', '-'), got '" + framesTopic + "'");
    }
    if (cameras == null || cameras.isEmpty()) {
      throw new IllegalArgumentException("cameras must list at least one camera");
    }
    cameras = List.copyOf(cameras);
    Set<String> ids = new HashSet<>();
    for (CameraSpec camera : cameras) {
      if (!ids.add(camera.id())) {
        throw new IllegalArgumentException("cameras: id " + camera.id() + " appears more than once");
      }
    }
  }

  /** The given cameras on the default frames topic. */
  public static IngestConfig of(String bootstrapServers, List<CameraSpec> cameras) {
    return new IngestConfig(bootstrapServers, Topics.FRAMES, cameras);
  }

  /**
   * Reads one camera and the Kafka settings from {@code SEGSTREAM_*} variables; unset ones take
   * defaults. {@code SEGSTREAM_SOURCE} is required. Files are paced to their own frame rate
   * unless {@code SEGSTREAM_PACE=false}, so a file behaves like a live camera.
   */
  public static IngestConfig fromEnv(Map<String, String> env) {
    EnvVars vars = new EnvVars(env);
    CameraSpec camera = new CameraSpec(
        vars.text("SEGSTREAM_CAMERA_ID", "cam-0"),
        vars.text("SEGSTREAM_SOURCE", null),
        vars.number("SEGSTREAM_TARGET_FPS", 0),
        vars.projection("SEGSTREAM_PROJECTION", Projection.PINHOLE),
        (float) vars.number("SEGSTREAM_HFOV_DEG", 0),
        vars.integer("SEGSTREAM_JPEG_QUALITY", CameraSpec.DEFAULT_JPEG_QUALITY),
        vars.flag("SEGSTREAM_LOOP", false),
        vars.flag("SEGSTREAM_PACE", true),
        vars.longInteger("SEGSTREAM_MAX_FRAMES", 0));
    return new IngestConfig(
        vars.text("SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        vars.text("SEGSTREAM_FRAMES_TOPIC", Topics.FRAMES),
        List.of(camera));
  }

  /** Producer settings (serializers are passed to the producer's constructor, not set here). */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "segstream-ingest");
    // Retries never duplicate or reorder a camera's frames, and a frame counts as sent only once
    // every in-sync replica has it: the end-to-end frame count depends on both.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Frames are large, so batching buys little; a few ms still lets cameras share a request.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
    // Room for several maximum-size frames while the broker catches up, before send() blocks.
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(4L * MAX_REQUEST_BYTES));
    // JPEG is already compressed: any codec here costs producer CPU and saves nothing.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return p;
  }
}
