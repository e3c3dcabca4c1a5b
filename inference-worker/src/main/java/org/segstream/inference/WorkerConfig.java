package org.segstream.inference;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.inference.batch.OverloadPolicy;
import org.segstream.inference.mask.MaskFormat;
import org.segstream.inference.mask.MaskResolution;
import org.segstream.proto.Topics;

/**
 * The inference worker's settings, validated on construction with messages that name the field
 * and its variable.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic topic of {@code Frame}s to segment
 * @param masksTopic topic the {@code Mask}s go to
 * @param deadLetterTopic topic for frames that cannot be segmented
 * @param groupId consumer group shared by all workers of a fleet
 * @param modelDir directory with {@code model.json} and the TorchScript file
 * @param workerId this worker's id: in masks, transactional ids and group instance ids, so keep it
 *     stable across restarts and unique in the fleet (a restarted worker then takes over from its
 *     predecessor at once)
 * @param threads lanes (consumer, batcher and predictor) per device: per GPU, or on the CPU
 * @param maxBatch most frames per forward pass
 * @param maxWaitMs longest a frame waits for its batch to fill
 * @param poolThreads CPU threads for decoding, preprocessing and mask encoding
 * @param maxInFlight records a lane holds between poll and commit before it pauses fetching
 * @param commitIntervalMs longest a transaction stays open while frames keep coming
 * @param overload what to do when frames come faster than the model serves them
 * @param maxFrameAgeMs with {@code freshest}: frames whose mask would be older than this are skipped
 * @param maskFormat how class maps are encoded
 * @param maskResolution the model's output size, or scaled to the frame's
 * @param maxFramePixels frames larger than this go to the dead-letter topic
 * @param decodeReduced decode a JPEG frame at 1/2, 1/4 or 1/8 of its size where that still covers
 *     the model's input (cheaper, but resampled differently from the model's reference
 *     preprocessing, which stretches the full frame)
 * @param metricsPort port of the Prometheus endpoint {@code /metrics}; 0 = none
 */
public record WorkerConfig(
    String bootstrapServers,
    String framesTopic,
    String masksTopic,
    String deadLetterTopic,
    String groupId,
    Path modelDir,
    String workerId,
    int threads,
    int maxBatch,
    int maxWaitMs,
    int poolThreads,
    int maxInFlight,
    int commitIntervalMs,
    OverloadPolicy overload,
    int maxFrameAgeMs,
    MaskFormat maskFormat,
    MaskResolution maskResolution,
    int maxFramePixels,
    boolean decodeReduced,
    int metricsPort) {

  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  public WorkerConfig {
    requireText(bootstrapServers, "bootstrapServers (SEGSTREAM_BOOTSTRAP_SERVERS)");
    requireText(framesTopic, "framesTopic (SEGSTREAM_FRAMES_TOPIC)");
    requireText(masksTopic, "masksTopic (SEGSTREAM_MASKS_TOPIC)");
    requireText(deadLetterTopic, "deadLetterTopic (SEGSTREAM_FRAMES_DLQ_TOPIC)");
    requireText(groupId, "groupId (SEGSTREAM_WORKER_GROUP)");
    requireText(workerId, "workerId (SEGSTREAM_WORKER_ID)");
    if (modelDir == null) {
      throw new IllegalArgumentException("modelDir (SEGSTREAM_MODEL_DIR) is required");
    }
    requireRange(threads, 1, 64, "threads (SEGSTREAM_WORKER_THREADS)");
    requireRange(maxBatch, 1, 1024, "maxBatch (SEGSTREAM_MAX_BATCH)");
    requireRange(maxWaitMs, 0, 60_000, "maxWaitMs (SEGSTREAM_MAX_WAIT_MS)");
    requireRange(poolThreads, 1, 256, "poolThreads (SEGSTREAM_POOL_THREADS)");
    // A lane holding fewer records than a batch could never fill one.
    requireRange(maxInFlight, maxBatch, 100_000, "maxInFlight (SEGSTREAM_MAX_IN_FLIGHT, at least SEGSTREAM_MAX_BATCH)");
    requireRange(commitIntervalMs, 1, 60_000, "commitIntervalMs (SEGSTREAM_COMMIT_INTERVAL_MS)");
    requireSet(overload, "overload (SEGSTREAM_OVERLOAD_POLICY)");
    requireRange(maxFrameAgeMs, 1, Integer.MAX_VALUE, "maxFrameAgeMs (SEGSTREAM_MAX_FRAME_AGE_MS)");
    requireSet(maskFormat, "maskFormat (SEGSTREAM_MASK_ENCODING)");
    requireSet(maskResolution, "maskResolution (SEGSTREAM_MASK_RESOLUTION)");
    requireRange(maxFramePixels, 1, Integer.MAX_VALUE, "maxFramePixels (SEGSTREAM_MAX_FRAME_PIXELS)");
    requireRange(metricsPort, 0, 65535, "metricsPort (SEGSTREAM_METRICS_PORT)");
  }

  /** A config with defaults for everything but the broker and the model. */
  public static WorkerConfig defaults(String bootstrapServers, Path modelDir) {
    return new WorkerConfig(bootstrapServers, Topics.FRAMES, Topics.MASKS, Topics.FRAMES_DLQ,
        "segstream-workers", modelDir, defaultWorkerId(), 1, 8, 10, Runtime.getRuntime().availableProcessors(),
        32, 100, OverloadPolicy.LOSSLESS, 2000, MaskFormat.RLE, MaskResolution.MODEL, 8192 * 4096, false, 0);
  }

  /** Reads {@code SEGSTREAM_*} variables; unset or blank ones take the defaults. */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    WorkerConfig d = defaults(text(env, "SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        Path.of(text(env, "SEGSTREAM_MODEL_DIR", "models/demo/segformer-demo")));
    int maxBatch = intVar(env, "SEGSTREAM_MAX_BATCH", d.maxBatch);
    return new WorkerConfig(d.bootstrapServers,
        text(env, "SEGSTREAM_FRAMES_TOPIC", d.framesTopic),
        text(env, "SEGSTREAM_MASKS_TOPIC", d.masksTopic),
        text(env, "SEGSTREAM_FRAMES_DLQ_TOPIC", d.deadLetterTopic),
        text(env, "SEGSTREAM_WORKER_GROUP", d.groupId),
        d.modelDir,
        text(env, "SEGSTREAM_WORKER_ID", d.workerId),
        intVar(env, "SEGSTREAM_WORKER_THREADS", d.threads),
        maxBatch,
        intVar(env, "SEGSTREAM_MAX_WAIT_MS", d.maxWaitMs),
        intVar(env, "SEGSTREAM_POOL_THREADS", d.poolThreads),
        // The default grows with the batch so that a larger batch can still fill while one runs.
        intVar(env, "SEGSTREAM_MAX_IN_FLIGHT", Math.max(d.maxInFlight, 4 * maxBatch)),
        intVar(env, "SEGSTREAM_COMMIT_INTERVAL_MS", d.commitIntervalMs),
        enumVar(env, "SEGSTREAM_OVERLOAD_POLICY", OverloadPolicy.class, d.overload),
        intVar(env, "SEGSTREAM_MAX_FRAME_AGE_MS", d.maxFrameAgeMs),
        enumVar(env, "SEGSTREAM_MASK_ENCODING", MaskFormat.class, d.maskFormat),
        enumVar(env, "SEGSTREAM_MASK_RESOLUTION", MaskResolution.class, d.maskResolution),
        intVar(env, "SEGSTREAM_MAX_FRAME_PIXELS", d.maxFramePixels),
        boolVar(env, "SEGSTREAM_DECODE_REDUCED", d.decodeReduced),
        intVar(env, "SEGSTREAM_METRICS_PORT", d.metricsPort));
  }

  /** Consumer settings of lane {@code lane}: committed frames only, offsets committed in our transactions. */
  public Properties consumerProperties(int lane) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // Static membership: a lane restarted under the same id takes its predecessor's partitions
    // at once, without waiting for the dead one's session to time out.
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, laneId(lane));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "segstream-worker-" + laneId(lane));
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Backpressure pauses at maxInFlight; one poll overshoots it by at most a batch.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxBatch));
    // A lane finishes its frames in flight inside the rebalance callback, within poll.
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(4 * MAX_MESSAGE_BYTES));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    // Raw bytes: a record that does not parse is dead-lettered, not a poison pill.
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** Producer settings of lane {@code lane}: transactional, so masks and offsets commit together. */
  public Properties producerProperties(int lane) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "segstream-worker-" + laneId(lane));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "segstream-worker-" + laneId(lane));
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private String laneId(int lane) {
    return workerId + "-" + lane;
  }

  private static String defaultWorkerId() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
  }

  private static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
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

  private static boolean boolVar(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  private static <E extends Enum<E>> E enumVar(Map<String, String> env, String name, Class<E> type, E fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be one of " + String.join("|", Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()) + ", got '" + value + "'");
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  private static void requireSet(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  private static void requireRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", got " + value);
    }
  }
}
