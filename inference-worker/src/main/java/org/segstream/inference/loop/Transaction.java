package org.segstream.inference.loop;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.segstream.inference.metrics.WorkerStats;

/**
 * A lane's open Kafka transaction: begun with the first settled job after a commit, it holds the
 * jobs' records and the offsets after them, and commits both at once (consumed offsets are sent
 * with the consumer's group metadata, so a fenced or rebalanced-away lane cannot commit). Outcome
 * counts reach {@link WorkerStats} only when the commit succeeds. Lane thread only.
 */
final class Transaction {
  private final KafkaProducer<String, byte[]> producer;
  private final WorkerStats stats;
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private final Map<String, Integer> deadLetters = new HashMap<>();
  private boolean open;
  private long openedNanos;
  private int masks;
  private int skipped;

  Transaction(KafkaProducer<String, byte[]> producer, WorkerStats stats) {
    this.producer = producer;
    this.stats = stats;
  }

  /**
   * Publishes a settled job's record (if any) with timestamp {@code nowMillis} and moves its
   * partition's offset past it.
   */
  void add(Job job, Outcome outcome, long nowMillis) {
    if (!open) {
      producer.beginTransaction();
      open = true;
      openedNanos = System.nanoTime();
    }
    ProducerRecord<String, byte[]> r = outcome.output();
    if (r != null) {
      // Stamped with the time the lane decided to publish it, the time freshness was checked at.
      producer.send(new ProducerRecord<>(r.topic(), r.partition(), nowMillis, r.key(), r.value(), r.headers()));
    }
    offsets.put(job.partition(), new OffsetAndMetadata(job.record.offset() + 1));
    switch (outcome.kind()) {
      case MASK -> masks++;
      case DEAD_LETTER -> deadLetters.merge(outcome.reason(), 1, Integer::sum);
      case SKIPPED -> skipped++;
    }
  }

  boolean isOpen() {
    return open;
  }

  long ageNanos() {
    return open ? System.nanoTime() - openedNanos : 0;
  }

  /** Skipped frames in this transaction so far. */
  int skipped() {
    return skipped;
  }

  void commit(ConsumerGroupMetadata group) {
    if (!open) {
      return;
    }
    producer.sendOffsetsToTransaction(offsets, group);
    producer.commitTransaction();
    stats.committed(masks, deadLetters, skipped);
    reset();
  }

  /** Aborts the open transaction: none of its records become visible, its offsets stay uncommitted. */
  void abort() {
    if (open) {
      reset();
      producer.abortTransaction();
    }
  }

  private void reset() {
    open = false;
    offsets.clear();
    deadLetters.clear();
    masks = 0;
    skipped = 0;
  }
}
