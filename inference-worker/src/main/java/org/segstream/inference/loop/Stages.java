package org.segstream.inference.loop;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.batch.BatchSink;
import org.segstream.inference.batch.Batcher;
import org.segstream.inference.batch.Freshness;
import org.segstream.inference.decode.BadFrameException;
import org.segstream.inference.decode.FrameDecoder;
import org.segstream.inference.mask.MaskBuilder;
import org.segstream.inference.metrics.WorkerStats;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskTimings;
import org.segstream.proto.v1.Projection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lane's work on the CPU pool, before and after the model: parse, decode and prepare a frame
 * for its batch; encode a class map into its mask record. Every job ends settled — with a mask, a
 * dead letter, or as skipped — and each settlement wakes the lane.
 */
final class Stages implements BatchSink<Job> {
  private static final Logger LOG = LoggerFactory.getLogger(Stages.class);

  private final WorkerConfig config;
  private final SegmentationModel model;
  private final MaskBuilder masks;
  private final FrameDecoder decoder;
  private final Freshness freshness;
  private final CpuPool pool;
  private final WorkerStats stats;
  private final Semaphore progress;
  private final AtomicInteger preparing = new AtomicInteger();
  private volatile Batcher<Job> toModel;

  Stages(WorkerConfig config, SegmentationModel model, MaskBuilder masks, Freshness freshness, CpuPool pool,
      WorkerStats stats, Semaphore progress) {
    this.config = config;
    this.model = model;
    this.masks = masks;
    this.decoder = decoder(config, model.card());
    this.freshness = freshness;
    this.pool = pool;
    this.stats = stats;
    this.progress = progress;
  }

  /** The decoder of a worker with this config and model: reducing JPEG frames to the model's input if asked to. */
  static FrameDecoder decoder(WorkerConfig config, ModelCard card) {
    return config.decodeReduced()
        ? new FrameDecoder(config.maxFramePixels(), card.input().width(), card.input().height())
        : new FrameDecoder(config.maxFramePixels());
  }

  /** Where prepared jobs go (the lane's batcher). */
  void feed(Batcher<Job> batcher) {
    this.toModel = batcher;
  }

  /**
   * Whether {@code job} should be skipped now rather than queued for the model: too old by its
   * capture time (its record's timestamp before it is parsed) once the full batches already
   * queued have run.
   */
  private boolean tooOldToQueue(Job job) {
    int batchesWaiting = toModel.depth() / config.maxBatch();
    return freshness.tooOld(job.captureMillis(), System.currentTimeMillis(), batchesWaiting);
  }

  /** Jobs on the pool not yet handed to the model nor settled. */
  int preparing() {
    return preparing.get();
  }

  void submit(Job job) {
    // Checked on the lane thread, unparsed (a record's timestamp, when it was sent, is no earlier
    // than its capture): working off a backlog, the pool would hold it behind frames being
    // decoded while newer frames age in the topic.
    if (tooOldToQueue(job)) {
      skipped(job);
      return;
    }
    preparing.incrementAndGet();
    pool.execute(CpuPool.Priority.PREPARE, () -> prepare(job));
  }

  private void prepare(Job job) {
    try {
      if (job.cancelled()) {
        return;
      }
      Frame frame = FrameDecoder.parse(job.record.value());
      job.frame(frame);
      // Checked before decoding too, so a backlog of stale frames costs a parse each, not a decode.
      if (tooOldToQueue(job)) {
        skipped(job);
        return;
      }
      try (Mat image = decoder.decode(frame)) {
        job.prepared(model.prepare(new FrameImage(image, frame.getProjection() == Projection.EQUIRECTANGULAR)));
      }
      toModel.offer(job);
    } catch (BadFrameException e) {
      settle(job, deadLetter(job, e.getMessage(), e.problem().tag()));
    } catch (RuntimeException | Error e) {
      // Any failure settles the frame: an unsettled one would hold up its partition for good.
      settle(job, deadLetter(job, "preprocessing failed: " + e, "preprocessing_error"));
      logIfError(e);
    } finally {
      // After the hand-over, so the batcher never sees an empty queue and nothing preparing
      // while this job is between the two.
      preparing.decrementAndGet();
    }
  }

  @Override
  public void predicted(List<Job> batch, List<ClassMap> maps, long startNanos, long modelNanos) {
    stats.batch(batch.size(), modelNanos);
    long perFrame = modelNanos / batch.size();
    for (int i = 0; i < batch.size(); i++) {
      Job job = batch.get(i);
      ClassMap map = maps.get(i);
      pool.execute(CpuPool.Priority.ENCODE, () -> encode(job, map, startNanos, perFrame));
    }
  }

  @Override
  public void failed(Job job, Exception error) {
    LOG.warn("model failed on {}-{}@{}: {}", job.record.topic(), job.record.partition(), job.record.offset(),
        error.toString());
    settle(job, deadLetter(job, "model error: " + ModelErrors.reason(error), "model_error"));
  }

  @Override
  public void skipped(Job job) {
    settle(job, Outcome.skipped());
  }

  private void encode(Job job, ClassMap map, long batchStartNanos, long modelNanos) {
    try {
      MaskTimings timings = MaskTimings.newBuilder()
          .setQueueUs(Math.max(0, job.polledMillis - job.record.timestamp()) * 1000)
          .setModelUs(modelNanos / 1000)
          .setTotalUs((System.nanoTime() - job.polledNanos) / 1000)
          .build();
      Mask mask = masks.build(job.frame(), map, timings);
      settle(job, Outcome.mask(new ProducerRecord<>(config.masksTopic(), job.record.key(), mask.toByteArray()),
          batchStartNanos));
    } catch (RuntimeException | Error e) {
      settle(job, deadLetter(job, "mask encoding failed: " + e, "encoding_error"));
      logIfError(e);
    } finally {
      map.release();
    }
  }

  private static void logIfError(Throwable e) {
    if (e instanceof Error) {
      LOG.error("CPU stage failed with {}; the frame is dead-lettered", e.toString(), e);
    }
  }

  private Outcome deadLetter(Job job, String reason, String tag) {
    return Outcome.deadLetter(DeadLetters.of(config.deadLetterTopic(), job.record, reason), tag);
  }

  private void settle(Job job, Outcome outcome) {
    job.settle(outcome);
    progress.release();
  }
}
