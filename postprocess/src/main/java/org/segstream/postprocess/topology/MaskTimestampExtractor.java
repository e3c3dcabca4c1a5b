package org.segstream.postprocess.topology;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.segstream.proto.v1.Mask;

/**
 * Event time of a masks-topic record: the frame's capture time ({@code Mask.capture_time_us}) in
 * milliseconds. Records without one (garbage, or a mask lacking it) keep the record timestamp so
 * they still flow on to the dead-letter topic instead of being dropped for a negative time. So
 * does a mask captured more than {@link #MAX_CAPTURE_AHEAD_MS} after its record was stamped, a
 * clock that is wrong: its capture time would move stream time ahead and close every other
 * camera's windows early, and records stamped over an hour ahead of a broker's clock are refused.
 * The topology dead-letters such a mask, saying so.
 */
public final class MaskTimestampExtractor implements TimestampExtractor {
  /**
   * How far a capture time may be ahead of its mask's record timestamp (the worker's clock when it
   * published the mask, which follows the capture): room for clocks a few minutes apart, well
   * under the broker's one-hour limit for records stamped in the future.
   */
  public static final long MAX_CAPTURE_AHEAD_MS = 10 * 60_000L;

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long captureUs = record.value() instanceof byte[] bytes ? captureTimeUs(bytes) : 0;
    if (captureUs > 0) {
      long captureMs = Math.floorDiv(captureUs, 1000L);
      return record.timestamp() >= 0 && capturedTooFarAhead(captureMs, record.timestamp())
          ? record.timestamp() : captureMs;
    }
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return Math.max(partitionTime, 0);
  }

  /** Whether a capture time is further ahead of its record's timestamp than a right clock allows. */
  static boolean capturedTooFarAhead(long captureMs, long recordMs) {
    return captureMs - recordMs > MAX_CAPTURE_AHEAD_MS;
  }

  /**
   * Reads only field 3 of the serialised mask, skipping the rest: the topology parses the whole
   * mask once anyway, and the class map may be large.
   */
  static long captureTimeUs(byte[] bytes) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long captureUs = 0;
    try {
      int tag;
      // Scan to the end: protobuf lets a repeated scalar field's last occurrence win.
      while ((tag = in.readTag()) != 0) {
        if (WireFormat.getTagFieldNumber(tag) == Mask.CAPTURE_TIME_US_FIELD_NUMBER
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
          captureUs = in.readInt64();
        } else if (!in.skipField(tag)) {
          return 0;
        }
      }
    } catch (IOException e) {
      // Not a mask: the topology dead-letters it with the parse error; no time to read here.
      return 0;
    }
    return captureUs;
  }
}
