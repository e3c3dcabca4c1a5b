package org.segstream.postprocess.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.proto.MaskMaps;
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
  /**
   * The widest or tallest mask measured. Six bytes of RLE can claim a 2-gigapixel map, and
   * measuring holds a row's worth of arrays per stream thread; 16K panoramas fit four times over.
   */
  static final int MAX_SIDE = 65_536;

  private MaskChecks() {}

  static CheckedMask check(String key, byte[] value, int sectors) {
    if (value == null) {
      return new RejectedMask("record has no value", null);
    }
    Mask mask;
    try {
      // Nothing writes to a consumed record's value, and the mask is dropped once measured.
      mask = MaskMaps.parseAliasing(value);
    } catch (InvalidProtocolBufferException e) {
      return new RejectedMask("not a Mask protobuf: " + e.getMessage(), value);
    }
    String reason = headerProblem(key, mask);
    if (reason != null) {
      return new RejectedMask(reason, value);
    }
    long pixels = (long) mask.getWidth() * mask.getHeight();
    try {
      // One walk over the class map gives the geometry and, for RLE, the class counts that check it.
      FrameGeometry.Measurement measured = mask.getData().isEmpty() ? null : measure(mask, sectors);
      FrameGeometry geometry = measured == null ? FrameGeometry.none() : measured.geometry();
      SortedMap<Integer, Long> fromRle = measured != null && mask.getEncoding() == MaskEncoding.MASK_RLE
          ? measured.pixels() : null;
      return frame(mask, pixels, classPixels(mask, pixels, fromRle), geometry);
    } catch (IllegalArgumentException e) {
      return new RejectedMask(e.getMessage(), value);
    }
  }

  private static FrameGeometry.Measurement measure(Mask mask, int sectors) {
    try {
      return FrameGeometry.measure(mask, sectors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          mask.getEncoding() == MaskEncoding.MASK_RLE ? "bad RLE data: " + e.getMessage() : e.getMessage());
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
    if (mask.getWidth() > MAX_SIDE || mask.getHeight() > MAX_SIDE) {
      return "mask of " + mask.getWidth() + "x" + mask.getHeight() + " is larger than " + MAX_SIDE + " on a side";
    }
    if (mask.getCaptureTimeUs() <= 0) {
      return "capture_time_us is not set";
    }
    return null;
  }

  /** Pixels per class from class_counts, checked against those counted in the RLE data when there is any. */
  private static SortedMap<Integer, Long> classPixels(Mask mask, long pixels, SortedMap<Integer, Long> fromRle) {
    if (mask.getClassCountsCount() == 0 && fromRle == null) {
      throw new IllegalArgumentException("no class_counts and no RLE data to count classes from");
    }
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
