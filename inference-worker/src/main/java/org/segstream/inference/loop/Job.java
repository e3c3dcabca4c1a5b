package org.segstream.inference.loop;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.segstream.inference.batch.BatchItem;
import org.segstream.inference.translate.FloatArrays;
import org.segstream.inference.translate.PreparedFrame;
import org.segstream.proto.v1.Frame;

/**
 * One consumed record on its way through a lane: prepared on the CPU pool, batched into the
 * model, encoded on the pool, then published by the lane in offset order. The frame and its
 * prepared input are written by one pool thread before the job is queued for the batcher, and
 * the queue hands them over safely.
 */
final class Job implements BatchItem {
  final ConsumerRecord<String, byte[]> record;
  final long polledMillis = System.currentTimeMillis();
  final long polledNanos = System.nanoTime();
  private Frame frame;
  private PreparedFrame prepared;
  private volatile Outcome outcome;
  private volatile boolean cancelled;

  private final Runnable onSettled;

  /** @param onSettled run once as the job settles, unless it was cancelled first (any thread) */
  Job(ConsumerRecord<String, byte[]> record, Runnable onSettled) {
    this.record = record;
    this.onSettled = onSettled;
  }

  TopicPartition partition() {
    return new TopicPartition(record.topic(), record.partition());
  }

  Frame frame() {
    return frame;
  }

  void frame(Frame parsed) {
    this.frame = parsed;
  }

  void prepared(PreparedFrame input) {
    this.prepared = input;
  }

  @Override
  public PreparedFrame prepared() {
    return prepared;
  }

  /** The prepared planes go back for the next frame (the batcher's thread; nothing reads them after). */
  @Override
  public void inputUsed() {
    if (prepared != null) {
      FloatArrays.recycle(prepared.planes());
      prepared = null;
    }
  }

  /** The frame's capture time; the record's timestamp when the frame does not say. */
  @Override
  public long captureMillis() {
    return frame != null && frame.getCaptureTimeUs() > 0 ? frame.getCaptureTimeUs() / 1000 : record.timestamp();
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  /** Cancels the job; returns whether it had settled before (and so had run its onSettled). */
  synchronized boolean cancel() {
    cancelled = true;
    return outcome != null;
  }

  /** Settles the job; the first outcome wins. */
  synchronized void settle(Outcome result) {
    if (outcome == null) {
      outcome = result;
      if (!cancelled) {
        onSettled.run();
      }
    }
  }

  Outcome outcome() {
    return outcome;
  }

  boolean settled() {
    return outcome != null;
  }
}
