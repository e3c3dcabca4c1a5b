package org.segstream.inference.loop;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
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
 * One pipeline of a worker, its fetch → prepare → batch → predict loop: this thread owns the
 * consumer and the transactional producer; the CPU pool prepares and encodes; a batcher thread
 * runs this lane's own predictor. Consumption pauses while {@code maxInFlight} records are in
 * flight.
 *
 * <p>What settles goes out through {@link LaneTransactions}, which owns exactly-once: publishing
 * in offset order, committing with the offsets, finishing partitions handed to another worker
 * and recovering from a failed transaction. A fenced producer or group instance (a newer worker
 * with the same id) stops the lane.
 */
public final class Lane implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(100);
  private static final long PROGRESS_WAIT_MILLIS = 5;
  private static final long PAUSED_WAIT_MILLIS = 100;
  private static final int HELD_PER_IN_FLIGHT = 16;

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
  private LaneTransactions transactions;
  private Stages stages;
  private Thread batcherThread;

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
      transactions = new LaneTransactions(name, c, producer, inFlight, freshness, stats, progress,
          () -> batcherThread.isAlive(), config.commitIntervalMs());
      MaskBuilder masks = new MaskBuilder(model.card(), name, config.maskFormat(), config.maskResolution());
      stages = new Stages(config, model, masks, freshness, pool, stats, progress);
      Batcher<Job> batcher = new Batcher<>(config.maxBatch(), config.maxWaitMs(), freshness, predictor::predict,
          stages, stages::preparing);
      stages.feed(batcher);
      stats.lane(name, batcher::depth, transactions::inFlightCount);
      batcherThread = new Thread(() -> predict(batcher, predictor), "segstream-batcher-" + name);
      batcherThread.setDaemon(true);
      batcherThread.start();
      LOG.info("lane {} consuming {} on {}", name, config.framesTopic(), model.device());
      try {
        c.subscribe(List.of(config.framesTopic()), transactions.handOver());
        loop();
        transactions.finish(c.assignment());
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
      freshness.observe(TimeUnit.NANOSECONDS.toMillis(nanos), System.currentTimeMillis());
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
        transactions.recover(e);
      }
    }
  }

  private void step() {
    if (!batcherThread.isAlive()) {
      throw new IllegalStateException("lane " + name + ": the batcher thread stopped");
    }
    // At most maxBatch records a poll (the consumer's max.poll.records).
    ConsumerRecords<String, byte[]> records = consumer.poll(inFlight.isEmpty() ? IDLE_POLL : Duration.ZERO);
    for (ConsumerRecord<String, byte[]> record : records) {
      stages.submit(inFlight.add(record));
    }
    stats.consumed(records.count());
    throttle();
    awaitProgress();
    transactions.publishSettled();
    transactions.commitIfDue(records.count() < config.maxBatch());
  }

  /**
   * Backpressure: stop fetching while the pipeline holds its fill of work, or many times that in
   * settled frames waiting for an earlier one of their partition (they hold their bytes until
   * published). Counting those as work stalled {@code freshest}: frames skipped behind a batch in
   * the model filled the pipeline, fetching paused for the whole forward pass, and the frames
   * waiting in the topic were too old by the time they were fetched.
   */
  private void throttle() {
    if (inFlight.unsettled() >= config.maxInFlight() || inFlight.size() >= HELD_PER_IN_FLIGHT * config.maxInFlight()) {
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
        long due = transactions.nanosUntilDue();
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
}
