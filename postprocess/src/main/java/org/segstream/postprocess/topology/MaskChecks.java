package org.segstream.postprocess.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
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
      // One walk over the class map gives the geometry and the class counts that check class_counts.
      return frame(mask, pixels, mask.getData().isEmpty() ? null : measure(mask, sectors));
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

  /**
   * The frame's classes from class_counts, checked against those counted in its class map when it
   * has one, or from the class map alone.
   */
  private static FrameStats frame(Mask mask, long pixels, FrameGeometry.Measurement measured) {
    if (mask.getClassCountsCount() == 0) {
      if (measured == null) {
        throw new IllegalArgumentException("no class_counts and no class map to count classes from");
      }
      return frame(mask, pixels, measured.ids(), measured.pixels(), measured.geometry());
    }
    int n = mask.getClassCountsCount();
    int[] ids = new int[n];
    long[] counts = new long[n];
    long total = 0;
    boolean ascending = true;
    for (int k = 0; k < n; k++) {
      ClassCount c = mask.getClassCounts(k);
      // Class maps are uint8, so a larger id cannot come from a real mask.
      if (c.getClassId() > 255) {
        throw new IllegalArgumentException("class_counts names class " + c.getClassId() + " beyond 255");
      }
      ascending &= c.getPixels() > 0 && (k == 0 || c.getClassId() > ids[k - 1]);
      ids[k] = c.getClassId();
      counts[k] = c.getPixels();
      total += c.getPixels();
    }
    if (!ascending) {
      // The contract lists classes ascending; counts listed out of order are read all the same.
      SortedMap<Integer, Long> declared = declaredInAnyOrder(mask);
      ids = declared.keySet().stream().mapToInt(Integer::intValue).toArray();
      counts = declared.values().stream().mapToLong(Long::longValue).toArray();
    }
    if (total != pixels) {
      throw new IllegalArgumentException("class_counts sum to " + total + " pixels, not "
          + mask.getWidth() + "x" + mask.getHeight() + " = " + pixels);
    }
    if (measured == null) {
      return frame(mask, pixels, ids, counts, FrameGeometry.none());
    }
    if (!Arrays.equals(ids, measured.ids()) || !Arrays.equals(counts, measured.pixels())) {
      throw new IllegalArgumentException("class_counts " + asMap(ids, counts) + " disagree with the "
          + (mask.getEncoding() == MaskEncoding.MASK_RLE ? "RLE" : "PNG") + " data "
          + asMap(measured.ids(), measured.pixels()));
    }
    // The measured ids (equal to the declared ones), so FrameStats' check of its geometry's classes
    // finds the same array and compares no elements.
    return frame(mask, pixels, measured.ids(), counts, measured.geometry());
  }

  private static SortedMap<Integer, Long> declaredInAnyOrder(Mask mask) {
    SortedMap<Integer, Long> counts = new TreeMap<>();
    for (ClassCount c : mask.getClassCountsList()) {
      if (c.getPixels() <= 0 || counts.put(c.getClassId(), c.getPixels()) != null) {
        throw new IllegalArgumentException("class_counts has an empty or repeated entry for class " + c.getClassId());
      }
    }
    return counts;
  }

  private static SortedMap<Integer, Long> asMap(int[] ids, long[] counts) {
    SortedMap<Integer, Long> map = new TreeMap<>();
    for (int k = 0; k < ids.length; k++) {
      map.put(ids[k], counts[k]);
    }
    return map;
  }

  private static FrameStats frame(Mask mask, long pixels, int[] classIds, long[] classPixels,
      FrameGeometry geometry) {
    // A projection added to the contract after this build parses as UNRECOGNIZED, which proto
    // builders refuse; it is counted as unspecified instead.
    Projection projection = mask.getProjection() == Projection.UNRECOGNIZED
        ? Projection.PROJECTION_UNSPECIFIED : mask.getProjection();
    return new FrameStats(mask.getCameraId(), mask.getSequence(), mask.getCaptureTimeUs(), mask.getModelId(),
        mask.getLabelSet(), projection, mask.getTimings().getModelUs(), pixels, classIds, classPixels, geometry);
  }
}
