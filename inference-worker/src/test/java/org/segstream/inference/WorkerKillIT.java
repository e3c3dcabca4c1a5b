package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.inference.WorkerTesting.frameKey;
import static org.segstream.inference.WorkerTesting.mask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.segstream.kafka.OnBroker;

/**
 * Exactly-once across a crash: a worker process is killed with SIGKILL while it has masks in an
 * open transaction, another is started with the same worker id, and a {@code read_committed}
 * reader finds every frame's mask exactly once.
 */
class WorkerKillIT extends OnBroker {
  static final int CAMERAS = 3;
  static final int FRAMES_PER_CAMERA = 40;
  static final int FRAMES = CAMERAS * FRAMES_PER_CAMERA;

  @Test
  void aWorkerKilledMidStreamAndReplacedPublishesEveryMaskExactlyOnce() throws Exception {
    Map<String, String> env = WorkerTesting.env(kafka, 2);
    // Fixed, so the replacement fences the dead worker's transactions and takes its group seat.
    env.put("SEGSTREAM_WORKER_ID", "kill-test-" + UUID.randomUUID().toString().substring(0, 6));
    env.put("SEGSTREAM_MAX_BATCH", "2");
    // Long transactions: a kill early in one lands with masks sent and not committed.
    env.put("SEGSTREAM_COMMIT_INTERVAL_MS", "1000");
    String masks = env.get("SEGSTREAM_MASKS_TOPIC");
    WorkerTesting.publish(kafka, env.get("SEGSTREAM_FRAMES_TOPIC"), CAMERAS, 0, FRAMES_PER_CAMERA, false);

    Process first = startWorker(env, "first");
    List<ConsumerRecord<String, byte[]>> beforeKill;
    try {
      beforeKill = WorkerTesting.readCommitted(kafka, masks, FRAMES / 6, Duration.ofSeconds(120));
      assertThat(beforeKill).as("masks committed before the kill").hasSizeGreaterThanOrEqualTo(FRAMES / 6);
      // Not a fixed sleep: on a slow runner a batch outlasted it, and the kill found no masks sent.
      awaitFreshTransaction(masks);
    } finally {
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    int committedAtKill = WorkerTesting.readCommitted(kafka, masks, FRAMES, Duration.ofSeconds(2)).size();
    assertThat(committedAtKill).as("the kill came mid-stream").isLessThan(FRAMES);

    Process second = startWorker(env, "second");
    List<ConsumerRecord<String, byte[]>> all;
    try {
      all = WorkerTesting.readCommitted(kafka, masks, FRAMES, Duration.ofSeconds(180));
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
      second.destroyForcibly();
    }

    Map<String, Long> perFrame = all.stream().collect(Collectors.groupingBy(r -> frameKey(mask(r)), Collectors.counting()));
    assertThat(perFrame.values()).as("masks per (camera, sequence)").containsOnly(1L);
    assertThat(perFrame).hasSize(FRAMES);
    // The dead worker's open transaction did reach the log, aborted: proof the kill hit mid-transaction.
    assertThat(countUncommitted(masks)).as("records in the log, aborted ones included").isGreaterThan(FRAMES);
  }

  /** {@code WorkerMain} in a child JVM with this test's classpath and the given variables. */
  private static Process startWorker(Map<String, String> env, String name) throws IOException {
    Path log = Path.of("target", "worker-kill-it-" + name + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /**
   * Returns once a commit has happened and the next transaction's first masks are in the log (its
   * end offset ahead of the last stable offset): the kill then lands early in a transaction a
   * commit interval long, with masks sent and not committed.
   */
  private static void awaitFreshTransaction(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long stable = endOffsets(admin, partitions, IsolationLevel.READ_COMMITTED);
      boolean committed = false;
      while (System.nanoTime() < deadline) {
        long lastStable = endOffsets(admin, partitions, IsolationLevel.READ_COMMITTED);
        committed |= lastStable > stable;
        if (committed && endOffsets(admin, partitions, IsolationLevel.READ_UNCOMMITTED) > lastStable) {
          return;
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no commit followed by an open transaction's masks within 60 s");
    }
  }

  /** The summed end offsets: the high watermarks, or with read_committed the last stable offsets. */
  private static long endOffsets(Admin admin, Set<TopicPartition> partitions, IsolationLevel isolation)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().values().stream()
        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
  }

  /** Records in the topic as a {@code read_uncommitted} reader sees them (aborted ones too, markers not). */
  private static int countUncommitted(String topic) {
    int count = 0;
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "uncommitted-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
        int n = consumer.poll(Duration.ofMillis(200)).count();
        if (n > 0) {
          count += n;
          quietSince = System.nanoTime();
        }
      }
    }
    return count;
  }
}
