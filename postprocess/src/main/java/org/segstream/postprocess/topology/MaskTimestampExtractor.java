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
 * they still flow on to the dead-letter topic instead of being dropped for a negative time.
 */
public final class MaskTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long captureUs = record.value() instanceof byte[] bytes ? captureTimeUs(bytes) : 0;
    if (captureUs > 0) {
      return Math.floorDiv(captureUs, 1000L);
    }
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return Math.max(partitionTime, 0);
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
