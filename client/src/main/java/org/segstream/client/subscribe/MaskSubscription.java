package org.segstream.client.subscribe;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.segstream.client.SubscriptionConfig;
import org.segstream.client.render.MaskImage;
import org.segstream.client.subscribe.MaskEvent.FrameStatus;
import org.segstream.proto.v1.Mask;

/**
 * Reads masks of chosen cameras from the masks topic (read_committed, so each mask a worker
 * committed is seen once), decodes their class maps and, when asked, joins each with its frame.
 * A mask that does not parse or decode, or names an unknown label set, is still delivered, with
 * its problem, so a reader can show it instead of failing. Not thread-safe: one reading thread.
 *
 * <pre>{@code
 * try (MaskSubscription masks = MaskSubscription.open(SubscriptionConfig.of("127.0.0.1:9092", Set.of("street-1"))
 *     .withFrames(true))) {
 *   while (running) {
 *     for (MaskEvent event : masks.poll(Duration.ofMillis(500))) { ... event.image(), event.frame() ... }
 *   }
 * }
 * }</pre>
 */
public final class MaskSubscription implements AutoCloseable {
  private final SubscriptionConfig config;
  private final Consumer<String, byte[]> consumer;
  private final StartPositions positions;
  private final FrameJoin frames;

  private MaskSubscription(SubscriptionConfig config, Consumer<String, byte[]> consumer, FrameJoin frames) {
    this.config = config;
    this.consumer = consumer;
    this.frames = frames;
    this.positions = StartPositions.seek(consumer, config.start(), config.cameras());
    // Resolve the positions now, so "latest" means masks published after open() returns.
    consumer.assignment().forEach(consumer::position);
  }

  public static MaskSubscription open(SubscriptionConfig config) {
    Consumer<String, byte[]> masks = Consumers.assigned(config.bootstrapServers(), config.masksTopic(),
        "segstream-client-masks");
    FrameJoin join = null;
    try {
      if (config.joinFrames()) {
        join = new FrameJoin(config, Consumers.assigned(config.bootstrapServers(), config.framesTopic(),
            "segstream-client-frames"));
      }
      return new MaskSubscription(config, masks, join);
    } catch (RuntimeException e) {
      masks.close();
      if (join != null) {
        join.close();
      }
      throw e;
    }
  }

  /** The masks read within {@code timeout}, in each camera's order. */
  public List<MaskEvent> poll(Duration timeout) {
    return poll(timeout, false, false);
  }

  /**
   * Of the masks read within {@code timeout}, only each camera's newest: for a live view, which
   * would replace the older ones before anyone saw them. The others are neither decoded nor joined
   * with their frames.
   */
  public List<MaskEvent> pollNewestPerCamera(Duration timeout) {
    return poll(timeout, false, true);
  }

  /**
   * As {@link #poll}, but only masks published before {@link #open}: a bounded read ("the last N",
   * "everything so far") leaves out what arrives while it reads. Once {@link #caughtUp}, call
   * {@link #close}; the masks left out are not delivered later.
   */
  public List<MaskEvent> pollUntilEnd(Duration timeout) {
    return poll(timeout, true, false);
  }

  private List<MaskEvent> poll(Duration timeout, boolean untilEnd, boolean newestOnly) {
    // Insertion order of each camera's first record; a newer record of the camera replaces it.
    Map<String, ConsumerRecord<String, byte[]>> newest = new LinkedHashMap<>();
    List<MaskEvent> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
      if (untilEnd && record.offset() >= positions.ends.getOrDefault(
          new TopicPartition(record.topic(), record.partition()), Long.MAX_VALUE)) {
        continue;
      }
      String camera = record.key();
      if (camera == null || !config.cameras().isEmpty() && !config.cameras().contains(camera)) {
        continue;
      }
      if (positions.surplus.getOrDefault(camera, 0L) > 0) {
        positions.surplus.merge(camera, -1L, Long::sum);
        continue;
      }
      if (newestOnly) {
        newest.put(camera, record);
      } else {
        events.add(event(camera, record));
      }
    }
    newest.forEach((camera, record) -> events.add(event(camera, record)));
    return events;
  }

  private MaskEvent event(String camera, ConsumerRecord<String, byte[]> record) {
    Mask mask;
    try {
      mask = Mask.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      return new MaskEvent(Mask.newBuilder().setCameraId(camera).build(), Optional.empty(), Optional.empty(),
          FrameStatus.NOT_REQUESTED, Optional.of("record at " + record.topic() + "-" + record.partition() + "@"
              + record.offset() + " is not a Mask: " + e.getMessage()), record.timestamp());
    }
    Optional<MaskImage> image = Optional.empty();
    Optional<String> problem = Optional.empty();
    try {
      image = Optional.of(MaskImage.of(mask));
      if (image.get().labelSet().isEmpty()) {
        problem = Optional.of(image.get().labelSetProblem());
      }
    } catch (IllegalArgumentException e) {
      problem = Optional.of("mask " + camera + "#" + mask.getSequence() + " does not decode: " + e.getMessage());
    }
    if (frames == null) {
      return new MaskEvent(mask, image, Optional.empty(), FrameStatus.NOT_REQUESTED, problem, record.timestamp());
    }
    FrameJoin.Found found = frames.find(camera, mask.getSequence(), record.timestamp());
    return new MaskEvent(mask, image, found.frame(), found.status(), problem.or(found::problem), record.timestamp());
  }

  /** Whether every mask published before {@link #open} has been read (always true for a start at latest). */
  public boolean caughtUp() {
    return positions.ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** Records read so far and records to read until {@link #caughtUp} (every camera's), for progress. */
  public long[] progress() {
    long done = 0;
    long total = 0;
    for (var end : positions.ends.entrySet()) {
      long start = positions.starts.get(end.getKey());
      total += Math.max(0, end.getValue() - start);
      done += Math.max(0, Math.min(consumer.position(end.getKey()), end.getValue()) - start);
    }
    return new long[] {done, total};
  }

  @Override
  public void close() {
    consumer.close();
    if (frames != null) {
      frames.close();
    }
  }
}
