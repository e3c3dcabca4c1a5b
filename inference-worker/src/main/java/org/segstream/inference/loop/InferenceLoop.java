package org.segstream.inference.loop;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.decode.BadFrameException;
import org.segstream.inference.decode.FrameDecoder;
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
 * One worker thread: consume frames, segment them in batches with its own predictor, and publish
 * masks, dead letters and the consumed offsets in one Kafka transaction per poll (exactly-once).
 */
public final class InferenceLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);

  private final WorkerConfig config;
  private final int index;
  private final SegmentationModel model;
  private final WorkerStats stats;
  private final FrameDecoder decoder;
  private final MaskBuilder masks;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public InferenceLoop(WorkerConfig config, int index, SegmentationModel model, WorkerStats stats) {
    this.config = config;
    this.index = index;
    this.model = model;
    this.stats = stats;
    this.decoder = new FrameDecoder(config.maxFramePixels());
    String workerId = config.workerId() + "-" + index;
    this.masks = new MaskBuilder(model.card().modelId(), model.card().labelSet().id(), workerId);
  }

  /** A frame that decoded, waiting for its batch. */
  private record Pending(
      ConsumerRecord<String, byte[]> record, Frame frame, Mat image, long receivedMillis, long receivedNanos) {}

  @Override
  public void run() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config.consumerProperties());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.producerProperties(index));
        Predictor<List<FrameImage>, List<ClassMap>> predictor = model.newPredictor()) {
      consumer = c;
      producer.initTransactions();
      c.subscribe(List.of(config.framesTopic()));
      while (running) {
        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
          processInTransaction(c, producer, predictor, records);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    }
  }

  private void processInTransaction(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer,
      Predictor<List<FrameImage>, List<ClassMap>> predictor, ConsumerRecords<String, byte[]> records) {
    stats.consumed(records.count());
    List<Pending> pending = new ArrayList<>(records.count());
    int published = 0;
    int dead = 0;
    producer.beginTransaction();
    try {
      for (ConsumerRecord<String, byte[]> record : records) {
        try {
          Frame frame = parse(record);
          pending.add(new Pending(record, frame, decoder.decode(frame), System.currentTimeMillis(), System.nanoTime()));
        } catch (BadFrameException e) {
          producer.send(DeadLetters.of(config.deadLetterTopic(), record, e.getMessage()));
          dead++;
        }
      }
      // Panoramas are padded circularly, so they batch apart from pinhole frames.
      for (List<Pending> group : byProjection(pending)) {
        for (int from = 0; from < group.size(); from += config.maxBatch()) {
          List<Pending> batch = group.subList(from, Math.min(group.size(), from + config.maxBatch()));
          int segmented = segment(producer, predictor, batch);
          published += segmented;
          dead += batch.size() - segmented;
        }
      }
      producer.sendOffsetsToTransaction(nextOffsets(records), c.groupMetadata());
      producer.commitTransaction();
      stats.published(published);
      stats.deadLettered(dead);
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      // Another instance took over this transactional id, or we may not write: nothing to retry.
      throw e;
    } catch (KafkaException e) {
      LOG.warn("transaction aborted, re-reading {} frames: {}", records.count(), e.toString());
      producer.abortTransaction();
      rewind(c);
    } finally {
      pending.forEach(p -> p.image().close());
    }
  }

  /** Segments one batch and sends its masks; a model failure dead-letters the batch instead. */
  private int segment(KafkaProducer<String, byte[]> producer, Predictor<List<FrameImage>, List<ClassMap>> predictor, List<Pending> batch) {
    List<FrameImage> images = batch.stream().map(p -> new FrameImage(p.image(), wraps(p.frame()))).toList();
    long start = System.nanoTime();
    List<ClassMap> maps;
    try {
      maps = predictor.predict(images);
    } catch (TranslateException | RuntimeException e) {
      LOG.warn("model failed on a batch of {}: {}", batch.size(), e.toString());
      for (Pending p : batch) {
        producer.send(DeadLetters.of(config.deadLetterTopic(), p.record(), "model error: " + e.getMessage()));
      }
      return 0;
    }
    long modelNanos = System.nanoTime() - start;
    stats.batch(modelNanos);
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      MaskTimings timings = MaskTimings.newBuilder()
          .setQueueUs(Math.max(0, p.receivedMillis() - p.record().timestamp()) * 1000)
          .setModelUs(modelNanos / 1000 / batch.size())
          .setTotalUs((System.nanoTime() - p.receivedNanos()) / 1000)
          .build();
      Mask mask = masks.build(p.frame(), maps.get(i), timings);
      producer.send(new ProducerRecord<>(config.masksTopic(), p.record().key(), mask.toByteArray()));
    }
    return batch.size();
  }

  private static boolean wraps(Frame frame) {
    return frame.getProjection() == Projection.EQUIRECTANGULAR;
  }

  private static List<List<Pending>> byProjection(List<Pending> pending) {
    List<Pending> wrapping = pending.stream().filter(p -> wraps(p.frame())).toList();
    List<Pending> flat = pending.stream().filter(p -> !wraps(p.frame())).toList();
    return List.of(flat, wrapping);
  }

  private static Frame parse(ConsumerRecord<String, byte[]> record) throws BadFrameException {
    if (record.value() == null) {
      throw new BadFrameException("record has no value");
    }
    try {
      return Frame.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      throw new BadFrameException("record is not a Frame: " + e.getMessage());
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(tp);
      offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** After an abort, go back to the last committed offsets so the frames are read again. */
  private static void rewind(KafkaConsumer<String, byte[]> c) {
    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(c.assignment());
    for (TopicPartition tp : c.assignment()) {
      OffsetAndMetadata offset = committed.get(tp);
      if (offset == null) {
        c.seekToBeginning(List.of(tp));
      } else {
        c.seek(tp, offset.offset());
      }
    }
  }

  /** Asks the loop to finish its current poll and exit. */
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}
