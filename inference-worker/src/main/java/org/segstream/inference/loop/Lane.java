package org.segstream.inference.loop;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.batch.Batcher;
import org.segstream.inference.batch.Freshness;
import org.segstream.inference.mask.MaskBuilder;
import org.segstream.inference.metrics.WorkerStats;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.PreparedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline of a worker: this thread owns the consumer and the transactional producer; the
 * CPU pool prepares and encodes; a batcher thread runs this lane's own predictor. Results are
 * published strictly in offset order per partition and committed, with the offsets after them,
 * every commit interval or whenever the pipeline empties (exactly-once).
 *
 * <p>Consumption pauses while {@code maxInFlight} records are in flight. Before partitions are
 * handed to another worker, their frames are finished and committed. A transaction that fails is
 * aborted and the lane re-reads from the committed offsets; a fenced producer or group instance
 * (a newer worker with the same id) stops the lane.
 */
public final class Lane implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(100);
  private static final long PROGRESS_WAIT_MILLIS = 5;
  private static final long PAUSED_WAIT_MILLIS = 100;
  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long SKIP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final WorkerConfig config;
  private final int index;
  private final String name;
  private final SegmentationModel model;
  private final CpuPool pool;
  private final WorkerStats stats;
  private final Freshness freshness;
  private final Semaphore progress = new Semaphore(0);
  private final InFlight inFlight = new InFlight();
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile int inFlightCount;
  private Transaction transaction;
  private Stages stages;
  private Thread batcherThread;
  private long skippedSinceLog;
  private long skipLoggedNanos = System.nanoTime();

  /** @param index this lane's number in the worker: part of its transactional id and group instance id */
  public Lane(WorkerConfig config, int index, SegmentationModel model, CpuPool pool, WorkerStats stats) {
    this.config = config;
    this.index = index;
    this.name = config.workerId() + "-" + index;
    this.model = model;
    this.pool = pool;
    this.stats = stats;
    this.freshness = new Freshness(config.overload(), config.maxFrameAgeMs());
  }

  @Override
  public void run() {
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config.consumerProperties(index));
    consumer = c;
    try (KafkaSteps.LeaveOnClose leave = new KafkaSteps.LeaveOnClose(c);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.producerProperties(index));
        Predictor<List<PreparedFrame>, List<ClassMap>> predictor = model.newPredictor()) {
      // Fences any earlier producer with this transactional id and aborts what it left open.
      producer.initTransactions();
      // Fetch the output topics' metadata now rather than stall the first transaction on it.
      producer.partitionsFor(config.masksTopic());
      producer.partitionsFor(config.deadLetterTopic());
      transaction = new Transaction(producer, stats);
      MaskBuilder masks = new MaskBuilder(model.card(), name, config.maskFormat(), config.maskResolution());
      stages = new Stages(config, model, masks, freshness, pool, stats, progress);
      Batcher<Job> batcher = new Batcher<>(config.maxBatch(), config.maxWaitMs(), freshness, predictor::predict,
          stages, stages::preparing);
      stages.feed(batcher::offer);
      stats.lane(name, batcher::depth, () -> inFlightCount);
      batcherThread = new Thread(() -> predict(batcher, predictor), "segstream-batcher-" + name);
      batcherThread.setDaemon(true);
      batcherThread.start();
      LOG.info("lane {} consuming {} on {}", name, config.framesTopic(), model.device());
      try {
        c.subscribe(List.of(config.framesTopic()), new HandOver());
        loop();
        finish(c.assignment());
      } finally {
        batcher.stop();
        batcherThread.interrupt();
        awaitBatcher();
      }
    }
  }

  /**
   * The batcher thread: the model's first forward passes are slow (TorchScript profiles, then
   * optimises), so they run on blank frames before the first real batch, on this same thread
   * (the profile depends on the thread's grad mode).
   */
  private void predict(Batcher<Job> batcher, Predictor<List<PreparedFrame>, List<ClassMap>> predictor) {
    try {
      SegmentationModel.inferenceThread();
      long nanos = model.warmUp(predictor, config.maxBatch());
      freshness.observe(TimeUnit.NANOSECONDS.toMillis(nanos));
      LOG.info("lane {}: warm-up batch of {} took {} ms", name, config.maxBatch(), TimeUnit.NANOSECONDS.toMillis(nanos));
      batcher.run();
    } catch (TranslateException | RuntimeException e) {
      // The lane sees this thread gone and stops; say why here.
      LOG.error("lane {}: the model thread stopped: {}", name, e.toString(), e);
    }
  }

  private void loop() {
    while (running) {
      try {
        step();
      } catch (WakeupException e) {
        if (running) {
          throw e;
        }
      } catch (KafkaException e) {
        if (KafkaSteps.isFatal(e)) {
          throw e;
        }
        recover(e, consumer.assignment());
      }
    }
  }

  private void step() {
    if (!batcherThread.isAlive()) {
      throw new IllegalStateException("lane " + name + ": the batcher thread stopped");
    }
    ConsumerRecords<String, byte[]> records = consumer.poll(inFlight.isEmpty() ? IDLE_POLL : Duration.ZERO);
    for (ConsumerRecord<String, byte[]> record : records) {
      Job job = new Job(record);
      inFlight.add(job);
      stages.submit(job);
    }
    stats.consumed(records.count());
    throttle();
    awaitProgress();
    publishSettled();
    if (transaction.isOpen()
        && (inFlight.isEmpty() || transaction.ageNanos() >= TimeUnit.MILLISECONDS.toNanos(config.commitIntervalMs()))) {
      commit();
    }
  }

  /** Backpressure: stop fetching while the pipeline holds its fill. */
  private void throttle() {
    if (inFlight.size() >= config.maxInFlight()) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /**
   * Waits for a job to settle. Briefly while fetching, so new records are polled soon; while
   * paused there is nothing to fetch, so until a job settles or the transaction is due.
   */
  private void awaitProgress() {
    if (!inFlight.isEmpty()) {
      long wait = PROGRESS_WAIT_MILLIS;
      if (!consumer.paused().isEmpty()) {
        long due = TimeUnit.MILLISECONDS.toNanos(config.commitIntervalMs()) - transaction.ageNanos();
        wait = Math.max(PROGRESS_WAIT_MILLIS, Math.min(PAUSED_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(due)));
      }
      try {
        progress.tryAcquire(wait, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
    progress.drainPermits();
  }

  /** Sends what is settled, in offset order per partition, into the open transaction. */
  private void publishSettled() {
    for (Job job : inFlight.takeSettled()) {
      long now = System.currentTimeMillis();
      Outcome outcome = job.outcome();
      if (outcome.kind() == Outcome.Kind.MASK) {
        freshness.observe((System.nanoTime() - outcome.batchStartNanos()) / 1_000_000);
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
  private void finish(Collection<TopicPartition> partitions) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
    try {
      while (inFlight.holdsAny(partitions)) {
        if (System.nanoTime() > deadline || !batcherThread.isAlive()) {
          throw new KafkaException("frames of " + partitions + " did not finish within "
              + TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NANOS) + " s");
        }
        progress.tryAcquire(PROGRESS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        publishSettled();
      }
      commit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recover(new KafkaException("interrupted while finishing " + partitions), consumer.assignment());
    } catch (KafkaException e) {
      if (KafkaSteps.isFatal(e)) {
        throw e;
      }
      recover(e, consumer.assignment());
    }
    inFlight.cancel(partitions);
  }

  /** Aborts the open transaction and goes back to the committed offsets of {@code partitions}. */
  private void recover(KafkaException cause, Collection<TopicPartition> partitions) {
    LOG.warn("lane {}: transaction aborted, re-reading from the committed offsets: {}", name, cause.toString());
    inFlight.cancelAll();
    transaction.abort();
    KafkaSteps.rewind(consumer, partitions);
  }

  private void awaitBatcher() {
    try {
      // The predictor closes after this; never under a running forward pass.
      batcherThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the lane to finish its frames in flight, commit and exit. */
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Rebalance callbacks, on this lane's thread inside {@code poll}. */
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
