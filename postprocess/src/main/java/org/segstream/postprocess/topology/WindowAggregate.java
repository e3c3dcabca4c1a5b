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
   */
  public record ClassTotals(double sum, double minPresent, double max, long framesPresent) {
    ClassTotals plus(double fraction) {
      return new ClassTotals(sum + fraction, Math.min(minPresent, fraction), Math.max(max, fraction), framesPresent + 1);
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
    frame.classPixels().forEach((classId, pixels) -> {
      double fraction = frame.fraction(pixels);
      next.merge(classId, new ClassTotals(fraction, fraction, fraction, 1), (old, ignored) -> old.plus(fraction));
    });
    return new WindowAggregate(frames + 1, frame.labelSet(), frame.projection(), next);
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
        t.max(), t.framesPresent(), 0)));
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
