package org.segstream.client.subscribe;

import java.util.Optional;
import org.segstream.client.render.MaskImage;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;

/**
 * One mask read from the topic.
 *
 * @param mask the message as published (its data still encoded)
 * @param image the decoded class map, or empty when the data is malformed ({@code problem} says why)
 * @param frame the frame the mask was made from, when frames are joined and it was found
 * @param frameStatus what became of the join
 * @param problem what is wrong with this mask or its frame, empty when nothing is
 * @param publishedMs the mask record's Kafka timestamp
 */
public record MaskEvent(Mask mask, Optional<MaskImage> image, Optional<Frame> frame, FrameStatus frameStatus,
    Optional<String> problem, long publishedMs) {

  /** What became of joining a mask with its frame. */
  public enum FrameStatus {
    /** Frames were not asked for. */
    NOT_REQUESTED,
    /** The frame is attached. */
    JOINED,
    /** The frame is gone: expired from {@code segstream.frames} or dropped from the join buffer. */
    EXPIRED,
    /** The frame was not read within the wait. */
    MISSING
  }

  public String cameraId() {
    return mask.getCameraId();
  }

  public long sequence() {
    return mask.getSequence();
  }
}
