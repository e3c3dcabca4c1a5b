package org.segstream.inference.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.segstream.inference.batch.Freshness;
import org.segstream.inference.metrics.WorkerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output half of a {@link Lane}, kept apart from its fetch → predict loop because this is
 * where exactly-once is decided: settled jobs are published strictly in offset order per
 * partition into the lane's transaction, and committed with the offsets after them every commit
 * interval or whenever the pipeline empties.
 *
 * <p>Before partitions are handed to another worker ({@link #handOver}), their frames are
 * finished and committed. A transaction that fails is aborted and the lane re-reads from the
 * committed offsets; a fatal error (fenced producer or group instance) is rethrown, which stops
 * the lane. Lane thread only.
 */
final class LaneTransactions {
  private static final Logger LOG = LoggerFactory.getLogger(LaneTransactions.class);
  private static final long FINISH_WAIT_MILLIS = 5;
  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long SKIP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String name;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Transaction transaction;
  private final InFlight inFlight;
  private final Freshness freshness;
  private final WorkerStats stats;
  private final Semaphore progress;
  private final BooleanSupplier predicting;
  private final long commitIntervalNanos;
  private volatile int inFlightCount;
  private long skippedSinceLog;
  private long skipLoggedNanos = System.nanoTime();

  /**
   * @param progress released whenever a job settles
   * @param predicting whether the lane's model thread still runs; finishing gives up without it
   */
  LaneTransactions(String name, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer,
      InFlight inFlight, Freshness freshness, WorkerStats stats, Semaphore progress, BooleanSupplier predicting,
      long commitIntervalMs) {
    this.name = name;
    this.consumer = consumer;
    this.transaction = new Transaction(producer, stats);
    this.inFlight = inFlight;
    this.freshness = freshness;
    this.stats = stats;
    this.progress = progress;
    this.predicting = predicting;
    this.commitIntervalNanos = TimeUnit.MILLISECONDS.toNanos(commitIntervalMs);
  }

  /** Jobs in flight as of the last publish, for the lane's gauge (read on other threads). */
  int inFlightCount() {
    return inFlightCount;
  }

  /** Nanoseconds until the open transaction is due to commit (a full interval when none is open). */
  long nanosUntilDue() {
    return commitIntervalNanos - transaction.ageNanos();
  }

  /** Sends what is settled, in offset order per partition, into the open transaction. */
  void publishSettled() {
    for (Job job : inFlight.takeSettled()) {
      long now = System.currentTimeMillis();
      Outcome outcome = job.outcome();
      if (outcome.kind() == Outcome.Kind.MASK) {
        freshness.observe((System.nanoTime() - outcome.batchStartNanos()) / 1_000_000, now);
        if (freshness.pastBound(job.captureMillis(), now)) {
          outcome = Outcome.skipped();
        } else {
          stats.frameAge(now - job.captureMillis());
        }
      }
      transaction.add(job, outcome, now);
    }
    inFlightCount = inFlight.size();
  }

  /**
   * Commits the open transaction once the commit interval has passed, or sooner once the pipeline
   * is empty and {@code caughtUp} (the last poll did not fill up: nothing more is waiting), so a
   * light load's masks are visible at once. Not merely when the pipeline is empty: working off a
   * backlog that {@code freshest} skips, it empties after every poll, and a commit per poll (a few
   * broker round trips) held the skipping below the rate frames arrived at, so the lane never
   * reached fresh frames (OverloadIT in CI: 0 of 396 masked).
   */
  void commitIfDue(boolean caughtUp) {
    if (transaction.isOpen()
        && ((caughtUp && inFlight.isEmpty()) || transaction.ageNanos() >= commitIntervalNanos)) {
      commit();
    }
  }

  private void commit() {
    int skipped = transaction.skipped();
    transaction.commit(consumer.groupMetadata());
    inFlight.compact();
    logSkips(skipped);
  }

  private void logSkips(int skipped) {
    skippedSinceLog += skipped;
    if (skippedSinceLog > 0 && System.nanoTime() - skipLoggedNanos >= SKIP_LOG_INTERVAL_NANOS) {
      LOG.info("lane {}: skipped {} frames older than {} ms in the last {} s (overload policy freshest)", name,
          skippedSinceLog, freshness.maxAgeMillis(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - skipLoggedNanos));
      skippedSinceLog = 0;
      skipLoggedNanos = System.nanoTime();
    }
  }

  /**
   * Finishes the frames in flight for {@code partitions} and commits, so whoever reads them next
   * starts after them; if that takes too long, aborts instead and the next owner redoes them.
   */
  void finish(Collection<TopicPartition> partitions) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
    try {
      while (inFlight.holdsAny(partitions)) {
        if (System.nanoTime() > deadline || !predicting.getAsBoolean()) {
          throw new KafkaException("frames of " + partitions + " did not finish within "
              + TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NANOS) + " s");
        }
        progress.tryAcquire(FINISH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        publishSettled();
      }
      commit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recover(new KafkaException("interrupted while finishing " + partitions));
    } catch (KafkaException e) {
      if (KafkaSteps.isFatal(e)) {
        throw e;
      }
      recover(e);
    }
    inFlight.cancel(partitions);
  }

  /** Aborts the open transaction and goes back to the committed offsets of every assigned partition. */
  void recover(KafkaException cause) {
    recover(cause, consumer.assignment());
  }

  private void recover(KafkaException cause, Collection<TopicPartition> partitions) {
    LOG.warn("lane {}: transaction aborted, re-reading from the committed offsets: {}", name, cause.toString());
    inFlight.cancelAll();
    transaction.abort();
    KafkaSteps.rewind(consumer, partitions);
  }

  /** The rebalance listener to subscribe with. */
  ConsumerRebalanceListener handOver() {
    return new HandOver();
  }

  /** Rebalance callbacks, on the lane's thread inside {@code poll}. */
  private final class HandOver implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        finish(partitions);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("lane {} assigned {}", name, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another member may own them already, so nothing of this transaction may commit.
      List<TopicPartition> kept = new ArrayList<>(consumer.assignment());
      kept.removeAll(partitions);
      recover(new KafkaException("partitions " + partitions + " were lost"), kept);
    }
  }
}
