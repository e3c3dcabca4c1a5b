package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.inference.WorkerTesting.frameKey;
import static org.segstream.inference.WorkerTesting.mask;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.segstream.kafka.OnBroker;

/**
 * Scaling out by consumer group: a second worker joins mid-stream and later leaves; the
 * partitions handed between them are finished and committed first, so every frame is still
 * masked exactly once.
 */
class ScaleOutIT extends OnBroker {
  /** One camera per partition, so each worker's share of the partitions has frames. */
  static final int CAMERAS = 4;
  /** Frames per camera published before the second worker joins, while it works, and after it left. */
  static final int[] PHASES = {10, 20, 10};
  static final int FRAMES = CAMERAS * (PHASES[0] + PHASES[1] + PHASES[2]);

  @Test
  void aWorkerJoiningAndLeavingTheGroupMidStreamLosesAndRepeatsNothing() throws Exception {
    Map<String, String> first = WorkerTesting.env(kafka, 4);
    first.put("SEGSTREAM_MAX_BATCH", "2");
    first.put("SEGSTREAM_POOL_THREADS", "1");
    Map<String, String> second = new HashMap<>(first);
    second.put("SEGSTREAM_WORKER_ID", first.get("SEGSTREAM_WORKER_ID") + "-b");
    String frames = first.get("SEGSTREAM_FRAMES_TOPIC");
    String masks = first.get("SEGSTREAM_MASKS_TOPIC");
    WorkerTesting.publish(kafka, frames, CAMERAS, 0, PHASES[0], true);

    List<ConsumerRecord<String, byte[]>> all;
    try (InferenceWorker a = InferenceWorker.start(WorkerConfig.fromEnv(first))) {
      WorkerTesting.readCommitted(kafka, masks, CAMERAS * PHASES[0] / 2, Duration.ofSeconds(120));
      try (InferenceWorker b = InferenceWorker.start(WorkerConfig.fromEnv(second))) {
        awaitMembersWithPartitions(first.get("SEGSTREAM_WORKER_GROUP"), 2);
        WorkerTesting.publish(kafka, frames, CAMERAS, PHASES[0], PHASES[1], true);
        awaitMasks(b, 10);
      }
      WorkerTesting.publish(kafka, frames, CAMERAS, PHASES[0] + PHASES[1], PHASES[2], true);
      all = WorkerTesting.readCommitted(kafka, masks, FRAMES, Duration.ofSeconds(180));
      assertThat(a.healthy()).isTrue();
    }

    Map<String, Long> perFrame = all.stream().collect(Collectors.groupingBy(r -> frameKey(mask(r)), Collectors.counting()));
    assertThat(perFrame.values()).as("masks per (camera, sequence)").containsOnly(1L);
    assertThat(perFrame).hasSize(FRAMES);
    assertThat(all.stream().map(r -> mask(r).getWorkerId()).distinct()).as("workers that published").hasSize(2);
  }

  /** Waits until the group's rebalance has given {@code members} members partitions. */
  private static void awaitMembersWithPartitions(String group, int members) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin admin = kafka.admin()) {
      while (true) {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        long assigned = description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        if (assigned == members) {
          return;
        }
        assertThat(System.nanoTime()).as("%d members with partitions in time", members).isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  private static void awaitMasks(InferenceWorker worker, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (worker.stats().masksPublished() < count) {
      assertThat(System.nanoTime()).as("the joining worker published masks in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
