package org.segstream.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.segstream.proto.Topics;

/**
 * What a mask subscription reads.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param cameras camera ids to keep; empty keeps every camera
 * @param start where each camera's masks start
 * @param joinFrames whether each mask is delivered with its frame from {@code framesTopic}
 * @param frameBuffer frames held per camera while waiting for their masks; older ones are dropped
 * @param frameWait how long a mask waits for its frame to be read before it goes out without it
 * @param frameLead how far before the first mask's time the frame reader starts
 */
public record SubscriptionConfig(String bootstrapServers, Set<String> cameras, StartAt start, boolean joinFrames,
    int frameBuffer, Duration frameWait, Duration frameLead, String masksTopic, String framesTopic) {

  public SubscriptionConfig {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(masksTopic, "masksTopic");
    requireText(framesTopic, "framesTopic");
    cameras = Set.copyOf(Objects.requireNonNull(cameras, "cameras"));
    Objects.requireNonNull(start, "start");
    if (frameBuffer < 1) {
      throw new IllegalArgumentException("frameBuffer must be at least 1, was " + frameBuffer);
    }
    if (frameWait.isNegative() || frameLead.isNegative()) {
      throw new IllegalArgumentException("frameWait and frameLead must not be negative");
    }
  }

  /** New masks of these cameras (all when empty), without frames, on the standard topics. */
  public static SubscriptionConfig of(String bootstrapServers, Set<String> cameras) {
    return new SubscriptionConfig(bootstrapServers, cameras, StartAt.latest(), false, 64, Duration.ofSeconds(5),
        Duration.ofSeconds(30), Topics.MASKS, Topics.FRAMES);
  }

  public SubscriptionConfig withStart(StartAt start) {
    return new SubscriptionConfig(bootstrapServers, cameras, start, joinFrames, frameBuffer, frameWait, frameLead,
        masksTopic, framesTopic);
  }

  public SubscriptionConfig withFrames(boolean join) {
    return new SubscriptionConfig(bootstrapServers, cameras, start, join, frameBuffer, frameWait, frameLead,
        masksTopic, framesTopic);
  }

  public SubscriptionConfig withFrameBuffer(int frames, Duration wait) {
    return new SubscriptionConfig(bootstrapServers, cameras, start, joinFrames, frames, wait, frameLead,
        masksTopic, framesTopic);
  }

  /** Where reading starts. */
  public sealed interface StartAt {
    /** Masks published from now on. */
    record Latest() implements StartAt {}

    /** Every mask still in the topic. */
    record Earliest() implements StartAt {}

    /** The last {@code count} masks of each camera, then the new ones. */
    record Last(int count) implements StartAt {
      public Last {
        if (count < 1) {
          throw new IllegalArgumentException("the last-N count must be at least 1, was " + count);
        }
      }
    }

    static StartAt latest() {
      return new Latest();
    }

    static StartAt earliest() {
      return new Earliest();
    }

    static StartAt last(int count) {
      return new Last(count);
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must be set");
    }
  }
}
