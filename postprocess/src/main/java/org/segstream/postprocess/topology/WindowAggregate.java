package org.segstream.postprocess.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.postprocess.model.ClassSummary;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.proto.v1.Projection;

/**
 * The running statistics of one camera in one window, immutable. Per class it keeps the sum, the
 * minimum over the frames <em>where the class is present</em>, the maximum and the number of those
 * frames; a class absent from some frame has a window minimum of 0, which {@link #toStats} derives
 * from {@code framesPresent < frames} instead of touching every class on every frame.
 *
 * <p>Every mask reads, adds to and writes back one aggregate per window size, so the classes are
 * two parallel arrays sorted by id (a merge per frame, no map built) rather than a sorted map.
 */
public final class WindowAggregate {
  private static final WindowAggregate EMPTY =
      new WindowAggregate(0, "", Projection.PROJECTION_UNSPECIFIED, new int[0], new ClassTotals[0]);

  private final long frames;
  private final String labelSet;
  private final Projection projection;
  private final int[] ids;
  private final ClassTotals[] totals;

  /**
   * One class's totals over the window's frames that contain it.
   *
   * @param sum sum of the area fractions
   * @param minPresent smallest area fraction among frames containing the class
   * @param max largest area fraction
   * @param framesPresent frames containing the class
   * @param blobSum connected regions summed over the frames containing the class that had a class map
   * @param blobFrames those frames (a mask with class counts only has no blobs to count)
   * @param sectorSums per azimuth sector, the class's sector share summed over the window's
   *     panorama frames; empty for pinhole cameras
   */
  public record ClassTotals(double sum, double minPresent, double max, long framesPresent, long blobSum,
      long blobFrames, List<Double> sectorSums) {

    public ClassTotals {
      sectorSums = List.copyOf(sectorSums);
    }

    /** One frame's totals of a class; {@code geometry} null for a mask that had no class map. */
    static ClassTotals of(double fraction, FrameGeometry geometry, int k) {
      List<Double> sectors = geometry == null ? null : geometry.sectorsAt(k);
      return new ClassTotals(fraction, fraction, fraction, 1, geometry == null ? 0 : geometry.blobsAt(k),
          geometry == null ? 0 : 1, sectors == null ? List.of() : sectors);
    }

    ClassTotals plus(ClassTotals frame) {
      return new ClassTotals(sum + frame.sum, Math.min(minPresent, frame.minPresent), Math.max(max, frame.max),
          framesPresent + frame.framesPresent, blobSum + frame.blobSum, blobFrames + frame.blobFrames,
          addSectors(sectorSums, frame.sectorSums));
    }

    ClassTotals withoutSectors() {
      return sectorSums.isEmpty() ? this
          : new ClassTotals(sum, minPresent, max, framesPresent, blobSum, blobFrames, List.of());
    }

    private static List<Double> addSectors(List<Double> a, List<Double> b) {
      if (a.isEmpty() || b.isEmpty() || a.size() != b.size()) {
        return a.isEmpty() ? b : a;
      }
      List<Double> sum = new ArrayList<>(a.size());
      for (int k = 0; k < a.size(); k++) {
        sum.add(a.get(k) + b.get(k));
      }
      return sum;
    }
  }

  /** From class ids in ascending order and their totals, both owned by the new aggregate. */
  WindowAggregate(long frames, String labelSet, Projection projection, int[] ids, ClassTotals[] totals) {
    this.frames = frames;
    this.labelSet = labelSet;
    this.projection = projection;
    this.ids = ids;
    this.totals = totals;
  }

  /** The aggregate of no frames. */
  public static WindowAggregate empty() {
    return EMPTY;
  }

  /** This aggregate with one more frame. The label set and projection follow the newest frame. */
  public WindowAggregate add(FrameStats frame) {
    int[] frameIds = frame.classIds();
    ClassTotals[] frameTotals = new ClassTotals[frameIds.length];
    // A frame's geometry has exactly its classes, at the same indices, or none.
    FrameGeometry geometry = frame.geometry().classCount() == 0 ? null : frame.geometry();
    for (int k = 0; k < frameIds.length; k++) {
      frameTotals[k] = ClassTotals.of(frame.fraction(frame.classPixels()[k]), geometry, k);
    }
    return merged(frames + 1, frame.labelSet(), frame.projection(), ids, totals, frameIds, frameTotals, false);
  }

  /**
   * This aggregate with another of the same camera's added, {@code later}'s frames being the newer:
   * the label set and projection follow it. Counting one frame in several windows adds its
   * one-frame aggregate to each, so the frame's classes are gathered once.
   */
  public WindowAggregate plus(WindowAggregate later) {
    return merged(frames + later.frames, later.labelSet, later.projection, ids, totals, later.ids, later.totals, false);
  }

  /**
   * The union of two id-sorted class lists, totals of a class in both added up; {@code fleet}
   * drops the sectors first.
   */
  private static WindowAggregate merged(long frames, String labelSet, Projection projection, int[] aIds,
      ClassTotals[] a, int[] bIds, ClassTotals[] b, boolean fleet) {
    int[] ids = new int[aIds.length + bIds.length];
    ClassTotals[] totals = new ClassTotals[ids.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < aIds.length || j < bIds.length) {
      int next = j == bIds.length || (i < aIds.length && aIds[i] < bIds[j]) ? aIds[i] : bIds[j];
      ClassTotals fromA = i < aIds.length && aIds[i] == next ? a[i++] : null;
      ClassTotals fromB = j < bIds.length && bIds[j] == next ? b[j++] : null;
      if (fleet) {
        fromA = fromA == null ? null : fromA.withoutSectors();
        fromB = fromB == null ? null : fromB.withoutSectors();
      }
      ids[n] = next;
      totals[n++] = fromA == null ? fromB : fromB == null ? fromA : fromA.plus(fromB);
    }
    return new WindowAggregate(frames, labelSet, projection, Arrays.copyOf(ids, n), Arrays.copyOf(totals, n));
  }

  /**
   * The fleet view of this and another camera's aggregate of the same window: frames and class
   * totals add up; per-sector areas are dropped (sectors of different cameras point different
   * ways) and the projection is unspecified. The label set is this one's, or the other's if empty.
   */
  public WindowAggregate mergeForFleet(WindowAggregate other) {
    return merged(frames + other.frames, labelSet.isEmpty() ? other.labelSet : labelSet,
        Projection.PROJECTION_UNSPECIFIED, ids, totals, other.ids, other.totals, true);
  }

  public long frames() {
    return frames;
  }

  public String labelSet() {
    return labelSet;
  }

  public Projection projection() {
    return projection;
  }

  /** Totals by class id, ascending. */
  public SortedMap<Integer, ClassTotals> classes() {
    SortedMap<Integer, ClassTotals> classes = new TreeMap<>();
    for (int k = 0; k < ids.length; k++) {
      classes.put(ids[k], totals[k]);
    }
    return Collections.unmodifiableSortedMap(classes);
  }

  /** The number of classes present in some frame of the window. */
  int classCount() {
    return ids.length;
  }

  /** The id of the {@code k}-th class present, ascending. */
  int classId(int k) {
    return ids[k];
  }

  /** The totals of the {@code k}-th class present. */
  ClassTotals totals(int k) {
    return totals[k];
  }

  /** The window's statistics, with class names when the label set is a known one. */
  public WindowStats toStats(String cameraId, long windowStartMs, long windowEndMs) {
    IntFunction<String> names = ClassNames.of(labelSet);
    List<ClassSummary> summaries = new ArrayList<>(ids.length);
    for (int k = 0; k < ids.length; k++) {
      ClassTotals t = totals[k];
      summaries.add(new ClassSummary(ids[k], names.apply(ids[k]),
          frames == 0 ? 0 : t.sum() / frames,
          t.framesPresent() < frames ? 0 : t.minPresent(),
          t.max(), t.framesPresent(), t.blobFrames() == 0 ? 0 : (double) t.blobSum() / t.blobFrames(),
          t.sectorSums().stream().map(s -> s / frames).toList()));
    }
    return new WindowStats(cameraId, windowStartMs * 1000, windowEndMs * 1000, frames, summaries, labelSet, projection);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowAggregate a && frames == a.frames && labelSet.equals(a.labelSet)
        && projection == a.projection && Arrays.equals(ids, a.ids) && Arrays.equals(totals, a.totals);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(frames) * 31 + Arrays.hashCode(totals);
  }

  @Override
  public String toString() {
    return "WindowAggregate[frames=" + frames + ", labelSet=" + labelSet + ", classes=" + classes() + "]";
  }
}
