package org.segstream.postprocess.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.ClassCount;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.Projection;

/**
 * Turns a masks-topic record into {@link FrameStats}, or says in one line why it cannot be counted:
 * it does not parse, its key is not its camera, it has no pixels or capture time, or its class
 * counts and RLE data disagree with each other or with {@code width * height}, or its class map
 * cannot be read.
 */
final class MaskChecks {
  private MaskChecks() {}

  static CheckedMask check(String key, byte[] value, int sectors) {
    if (value == null) {
      return new RejectedMask("record has no value", null);
    }
    Mask mask;
    try {
      mask = Mask.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      return new RejectedMask("not a Mask protobuf: " + e.getMessage(), value);
    }
    String reason = headerProblem(key, mask);
    if (reason != null) {
      return new RejectedMask(reason, value);
    }
    long pixels = (long) mask.getWidth() * mask.getHeight();
    try {
      // Counts first: they check the RLE data and name what is wrong with it.
      SortedMap<Integer, Long> classPixels = classPixels(mask, pixels);
      FrameGeometry geometry = mask.getData().isEmpty() ? FrameGeometry.none() : FrameGeometry.of(mask, sectors);
      return frame(mask, pixels, classPixels, geometry);
    } catch (IllegalArgumentException e) {
      return new RejectedMask(e.getMessage(), value);
    }
  }

  private static String headerProblem(String key, Mask mask) {
    if (mask.getCameraId().isEmpty()) {
      return "camera_id is empty";
    }
    // Windows live in the partition of the record key; a mask filed under another camera's key
    // would be counted on the wrong instance.
    if (!Objects.equals(key, mask.getCameraId())) {
      return "record key '" + key + "' differs from camera_id '" + mask.getCameraId() + "'";
    }
    if (mask.getWidth() == 0 || mask.getHeight() == 0) {
      return "mask has no pixels (" + mask.getWidth() + "x" + mask.getHeight() + ")";
    }
    if (mask.getCaptureTimeUs() <= 0) {
      return "capture_time_us is not set";
    }
    return null;
  }

  /** Pixels per class from class_counts, checked against the RLE data when there is any. */
  private static SortedMap<Integer, Long> classPixels(Mask mask, long pixels) {
    boolean rle = mask.getEncoding() == MaskEncoding.MASK_RLE && !mask.getData().isEmpty();
    if (mask.getClassCountsCount() == 0 && !rle) {
      throw new IllegalArgumentException("no class_counts and no RLE data to count classes from");
    }
    SortedMap<Integer, Long> fromRle = rle ? rleCounts(mask) : null;
    if (mask.getClassCountsCount() == 0) {
      return fromRle;
    }
    SortedMap<Integer, Long> declared = declaredCounts(mask, pixels);
    if (fromRle != null && !fromRle.equals(declared)) {
      throw new IllegalArgumentException("class_counts " + declared + " disagree with the RLE data " + fromRle);
    }
    return declared;
  }

  private static SortedMap<Integer, Long> declaredCounts(Mask mask, long pixels) {
    SortedMap<Integer, Long> counts = new TreeMap<>();
    long total = 0;
    for (ClassCount c : mask.getClassCountsList()) {
      // Class maps are uint8, so a larger id cannot come from a real mask.
      if (c.getClassId() > 255) {
        throw new IllegalArgumentException("class_counts names class " + c.getClassId() + " beyond 255");
      }
      if (c.getPixels() <= 0 || counts.put(c.getClassId(), c.getPixels()) != null) {
        throw new IllegalArgumentException("class_counts has an empty or repeated entry for class " + c.getClassId());
      }
      total += c.getPixels();
    }
    if (total != pixels) {
      throw new IllegalArgumentException("class_counts sum to " + total + " pixels, not "
          + mask.getWidth() + "x" + mask.getHeight() + " = " + pixels);
    }
    return counts;
  }

  private static SortedMap<Integer, Long> rleCounts(Mask mask) {
    long[] counts;
    try {
      counts = MaskCodec.classCounts(mask.getData().toByteArray(), mask.getWidth(), mask.getHeight());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad RLE data: " + e.getMessage());
    }
    SortedMap<Integer, Long> present = new TreeMap<>();
    for (int cls = 0; cls < counts.length; cls++) {
      if (counts[cls] > 0) {
        present.put(cls, counts[cls]);
      }
    }
    return present;
  }

  private static FrameStats frame(Mask mask, long pixels, SortedMap<Integer, Long> classPixels,
      FrameGeometry geometry) {
    // A projection added to the contract after this build parses as UNRECOGNIZED, which proto
    // builders refuse; it is counted as unspecified instead.
    Projection projection = mask.getProjection() == Projection.UNRECOGNIZED
        ? Projection.PROJECTION_UNSPECIFIED : mask.getProjection();
    return new FrameStats(mask.getCameraId(), mask.getSequence(), mask.getCaptureTimeUs(), mask.getModelId(),
        mask.getLabelSet(), projection, mask.getTimings().getModelUs(), pixels, classPixels, geometry);
  }
}
