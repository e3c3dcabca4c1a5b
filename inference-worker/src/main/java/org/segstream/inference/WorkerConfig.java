package org.segstream.inference;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.proto.Topics;

/**
 * The inference worker's settings, validated on construction with messages that name the field.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic topic of {@code Frame}s to segment
 * @param masksTopic topic the {@code Mask}s go to
 * @param deadLetterTopic topic for frames that cannot be segmented
 * @param groupId consumer group shared by all workers of a fleet
 * @param modelDir directory with {@code model.json} and the TorchScript file
 * @param workerId this worker's id: in masks and in transactional ids, so keep it stable across
 *     restarts of the same worker (a restarted worker then fences its predecessor at once)
 * @param threads consumer/predictor threads in this process
 * @param maxBatch most frames per forward pass
 * @param maxFramePixels frames larger than this go to the dead-letter topic
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
    int maxFramePixels) {

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
    requireRange(maxFramePixels, 1, Integer.MAX_VALUE, "maxFramePixels (SEGSTREAM_MAX_FRAME_PIXELS)");
  }

  /** A config with defaults for everything but the broker and the model. */
  public static WorkerConfig defaults(String bootstrapServers, Path modelDir) {
    return new WorkerConfig(bootstrapServers, Topics.FRAMES, Topics.MASKS, Topics.FRAMES_DLQ,
        "segstream-workers", modelDir, defaultWorkerId(), 1, 8, 8192 * 4096);
  }

  /** Reads {@code SEGSTREAM_*} variables; unset ones take the defaults. */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    WorkerConfig d = defaults(env.getOrDefault("SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        Path.of(env.getOrDefault("SEGSTREAM_MODEL_DIR", "models/demo/segformer-demo")));
    return new WorkerConfig(d.bootstrapServers,
        env.getOrDefault("SEGSTREAM_FRAMES_TOPIC", d.framesTopic),
        env.getOrDefault("SEGSTREAM_MASKS_TOPIC", d.masksTopic),
        env.getOrDefault("SEGSTREAM_FRAMES_DLQ_TOPIC", d.deadLetterTopic),
        env.getOrDefault("SEGSTREAM_WORKER_GROUP", d.groupId),
        d.modelDir,
        env.getOrDefault("SEGSTREAM_WORKER_ID", d.workerId),
        intVar(env, "SEGSTREAM_WORKER_THREADS", d.threads),
        intVar(env, "SEGSTREAM_MAX_BATCH", d.maxBatch),
        intVar(env, "SEGSTREAM_MAX_FRAME_PIXELS", d.maxFramePixels));
  }

  public WorkerConfig withModelDir(Path dir) {
    return new WorkerConfig(bootstrapServers, framesTopic, masksTopic, deadLetterTopic, groupId, dir,
        workerId, threads, maxBatch, maxFramePixels);
  }

  /** Consumer settings: read only committed frames, commit offsets inside our transactions. */
  public Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxBatch));
    // Well above the slowest batch on a CPU, so a slow forward pass is not taken for a dead worker.
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(4 * MAX_MESSAGE_BYTES));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    // Raw bytes: a record that does not parse is dead-lettered, not a poison pill.
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** Producer settings for thread {@code index}: transactional, so masks and offsets commit together. */
  public Properties producerProperties(int index) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "segstream-worker-" + workerId + "-" + index);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private static String defaultWorkerId() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
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

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  private static void requireRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", got " + value);
    }
  }
}
