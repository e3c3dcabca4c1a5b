package org.segstream.postprocess.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.segstream.postprocess.model.ClassSummary;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.proto.v1.Projection;

/**
 * The running statistics of one camera in one window, immutable. Per class it keeps the sum, the
 * minimum over the frames <em>where the class is present</em>, the maximum and the number of those
 * frames; a class absent from some frame has a window minimum of 0, which {@link #toStats} derives
 * from {@code framesPresent < frames} instead of touching every class on every frame.
 */
public final class WindowAggregate {
  private static final WindowAggregate EMPTY = new WindowAggregate(0, "", Projection.PROJECTION_UNSPECIFIED, Map.of());

  private final long frames;
  private final String labelSet;
  private final Projection projection;
  private final SortedMap<Integer, ClassTotals> classes;

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

    static ClassTotals of(double fraction, Long blobs, List<Double> sectors) {
      return new ClassTotals(fraction, fraction, fraction, 1, blobs == null ? 0 : blobs, blobs == null ? 0 : 1,
          sectors == null ? List.of() : sectors);
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

  WindowAggregate(long frames, String labelSet, Projection projection, Map<Integer, ClassTotals> classes) {
    this.frames = frames;
    this.labelSet = labelSet;
    this.projection = projection;
    this.classes = Collections.unmodifiableSortedMap(new TreeMap<>(classes));
  }

  /** The aggregate of no frames. */
  public static WindowAggregate empty() {
    return EMPTY;
  }

  /** This aggregate with one more frame. The label set and projection follow the newest frame. */
  public WindowAggregate add(FrameStats frame) {
    TreeMap<Integer, ClassTotals> next = new TreeMap<>(classes);
    frame.classPixels().forEach((classId, pixels) -> next.merge(classId, ClassTotals.of(frame.fraction(pixels),
        frame.geometry().blobs().get(classId), frame.geometry().sectorFractions().get(classId)), ClassTotals::plus));
    return new WindowAggregate(frames + 1, frame.labelSet(), frame.projection(), next);
  }

  /**
   * The fleet view of this and another camera's aggregate of the same window: frames and class
   * totals add up; per-sector areas are dropped (sectors of different cameras point different
   * ways) and the projection is unspecified. The label set is this one's, or the other's if empty.
   */
  public WindowAggregate mergeForFleet(WindowAggregate other) {
    TreeMap<Integer, ClassTotals> merged = new TreeMap<>();
    classes.forEach((id, t) -> merged.put(id, t.withoutSectors()));
    other.classes.forEach((id, t) -> merged.merge(id, t.withoutSectors(), ClassTotals::plus));
    return new WindowAggregate(frames + other.frames, labelSet.isEmpty() ? other.labelSet : labelSet,
        Projection.PROJECTION_UNSPECIFIED, merged);
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
    return classes;
  }

  /** The window's statistics, with class names when the label set is a known one. */
  public WindowStats toStats(String cameraId, long windowStartMs, long windowEndMs) {
    IntFunction<String> names = ClassNames.of(labelSet);
    List<ClassSummary> summaries = new ArrayList<>(classes.size());
    classes.forEach((classId, t) -> summaries.add(new ClassSummary(classId, names.apply(classId),
        frames == 0 ? 0 : t.sum() / frames,
        t.framesPresent() < frames ? 0 : t.minPresent(),
        t.max(), t.framesPresent(), t.blobFrames() == 0 ? 0 : (double) t.blobSum() / t.blobFrames(),
        t.sectorSums().stream().map(s -> s / frames).toList())));
    return new WindowStats(cameraId, windowStartMs * 1000, windowEndMs * 1000, frames, summaries, labelSet, projection);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowAggregate a && frames == a.frames && labelSet.equals(a.labelSet)
        && projection == a.projection && classes.equals(a.classes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(frames) * 31 + classes.hashCode();
  }

  @Override
  public String toString() {
    return "WindowAggregate[frames=" + frames + ", labelSet=" + labelSet + ", classes=" + classes + "]";
  }
}
