package org.segstream.client.subscribe;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.segstream.client.SubscriptionConfig;
import org.segstream.client.subscribe.MaskEvent.FrameStatus;
import org.segstream.proto.v1.Frame;

/**
 * Finds the frame of each mask on the frames topic. Frames are read ahead into a buffer bounded
 * per camera; a mask takes its frame out and drops the camera's older ones, since a camera's
 * masks arrive in sequence order. A frame the reader has passed without holding it is expired.
 */
final class FrameJoin implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  /** The outcome of a lookup. */
  record Found(Optional<Frame> frame, FrameStatus status, Optional<String> problem) {}

  private final SubscriptionConfig config;
  private final Consumer<String, byte[]> consumer;
  private final Map<String, TreeMap<Long, Frame>> buffers = new HashMap<>();
  private final Map<String, Long> lastRead = new HashMap<>();
  private final Map<String, Long> firstRead = new HashMap<>();
  private final Map<String, Long> droppedUpTo = new HashMap<>();
  private boolean positioned;

  FrameJoin(SubscriptionConfig config, Consumer<String, byte[]> consumer) {
    this.config = config;
    this.consumer = consumer;
  }

  Found find(String camera, long sequence, long maskTimestampMs) {
    position(maskTimestampMs);
    long deadline = System.nanoTime() + config.frameWait().toNanos();
    boolean atEnd = false;
    while (true) {
      Frame frame = take(camera, sequence);
      if (frame != null) {
        return new Found(Optional.of(frame), FrameStatus.JOINED, Optional.empty());
      }
      String gone = gone(camera, sequence);
      if (gone != null) {
        return new Found(Optional.empty(), FrameStatus.EXPIRED, Optional.of(gone));
      }
      if (atEnd) {
        // Every frame published so far is read: a mask is published after its frame, so this one is gone.
        return new Found(Optional.empty(), FrameStatus.EXPIRED, Optional.of("frame " + camera + "#" + sequence
            + " is not in " + config.framesTopic() + " any more (expired by retention)"));
      }
      if (System.nanoTime() > deadline) {
        return new Found(Optional.empty(), FrameStatus.MISSING, Optional.of("frame " + camera + "#" + sequence
            + " was not read from " + config.framesTopic() + " within " + config.frameWait().toMillis() + " ms"));
      }
      atEnd = readMore();
    }
  }

  private Frame take(String camera, long sequence) {
    TreeMap<Long, Frame> buffer = buffers.get(camera);
    if (buffer == null) {
      return null;
    }
    Frame frame = buffer.remove(sequence);
    buffer.headMap(sequence).clear();
    return frame;
  }

  /** Why a frame the reader has already passed is not held, or null while it may still come. */
  private String gone(String camera, long sequence) {
    Long last = lastRead.get(camera);
    if (last == null || last < sequence) {
      return null;
    }
    String id = "frame " + camera + "#" + sequence;
    if (droppedUpTo.getOrDefault(camera, -1L) >= sequence) {
      return id + " was dropped from the join buffer (" + config.frameBuffer() + " frames per camera) before its"
          + " mask arrived";
    }
    if (firstRead.get(camera) > sequence) {
      return id + " is older than the first frame read from " + config.framesTopic()
          + " (expired by retention, or before the reader's start)";
    }
    return id + " is not in " + config.framesTopic();
  }

  /** Polls once; true when the reader has every frame published so far. */
  private boolean readMore() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
      String camera = record.key();
      if (camera == null || !config.cameras().isEmpty() && !config.cameras().contains(camera)) {
        continue;
      }
      try {
        hold(camera, Frame.parseFrom(record.value()));
      } catch (InvalidProtocolBufferException e) {
        // Not a frame: the ingest's dead-letter path covers it; nothing to join with.
      }
    }
    return consumer.assignment().stream().allMatch(tp -> consumer.currentLag(tp).orElse(1) == 0);
  }

  private void hold(String camera, Frame frame) {
    long sequence = frame.getSequence();
    firstRead.putIfAbsent(camera, sequence);
    lastRead.merge(camera, sequence, Math::max);
    TreeMap<Long, Frame> buffer = buffers.computeIfAbsent(camera, c -> new TreeMap<>());
    buffer.put(sequence, frame);
    while (buffer.size() > config.frameBuffer()) {
      droppedUpTo.merge(camera, buffer.pollFirstEntry().getKey(), Math::max);
    }
  }

  /** Starts the reader {@code frameLead} before the first mask: a frame is always published before its mask. */
  private void position(long firstMaskTimestampMs) {
    if (positioned) {
      return;
    }
    positioned = true;
    long from = Math.max(0, firstMaskTimestampMs - config.frameLead().toMillis());
    Map<TopicPartition, Long> query = new HashMap<>();
    consumer.assignment().forEach(tp -> query.put(tp, from));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    for (TopicPartition tp : consumer.assignment()) {
      OffsetAndTimestamp at = offsets.get(tp);
      consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
