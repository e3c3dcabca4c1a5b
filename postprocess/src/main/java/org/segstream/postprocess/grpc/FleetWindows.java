package org.segstream.postprocess.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.SceneStats;

/**
 * Merges fleet windows computed by different instances (each over the cameras it holds) into one
 * per window start. Means are weighted by the frames behind them; a class missing from one side's
 * frames has a fleet minimum of 0, as within one instance.
 */
final class FleetWindows {
  private FleetWindows() {}

  static List<SceneStats> merge(List<SceneStats> a, List<SceneStats> b) {
    SortedMap<Long, SceneStats> byStart = new TreeMap<>();
    for (SceneStats w : a) {
      byStart.merge(w.getWindowStartUs(), w, FleetWindows::merge);
    }
    for (SceneStats w : b) {
      byStart.merge(w.getWindowStartUs(), w, FleetWindows::merge);
    }
    return new ArrayList<>(byStart.values());
  }

  static SceneStats merge(SceneStats a, SceneStats b) {
    long frames = a.getFramesCounted() + b.getFramesCounted();
    Map<Integer, ClassStats> left = byClass(a);
    Map<Integer, ClassStats> right = byClass(b);
    SortedMap<Integer, ClassStats> merged = new TreeMap<>();
    for (int id : union(left, right)) {
      merged.put(id, merge(left.get(id), a.getFramesCounted(), right.get(id), b.getFramesCounted(), frames));
    }
    return a.toBuilder().setFramesCounted(frames).setLabelSet(a.getLabelSet().isEmpty() ? b.getLabelSet() : a.getLabelSet())
        .clearClasses().addAllClasses(merged.values()).build();
  }

  private static ClassStats merge(ClassStats x, long xFrames, ClassStats y, long yFrames, long frames) {
    if (x == null || y == null) {
      ClassStats only = x == null ? y : x;
      long onlyFrames = x == null ? yFrames : xFrames;
      return only.toBuilder().setMeanAreaFraction(only.getMeanAreaFraction() * onlyFrames / frames)
          .setMinAreaFraction(0).build();
    }
    long present = x.getFramesPresent() + y.getFramesPresent();
    return x.toBuilder()
        .setMeanAreaFraction((x.getMeanAreaFraction() * xFrames + y.getMeanAreaFraction() * yFrames) / frames)
        .setMinAreaFraction(Math.min(x.getMinAreaFraction(), y.getMinAreaFraction()))
        .setMaxAreaFraction(Math.max(x.getMaxAreaFraction(), y.getMaxAreaFraction()))
        .setFramesPresent(present)
        .setMeanBlobCount(present == 0 ? 0
            : (x.getMeanBlobCount() * x.getFramesPresent() + y.getMeanBlobCount() * y.getFramesPresent()) / present)
        .build();
  }

  private static Map<Integer, ClassStats> byClass(SceneStats w) {
    Map<Integer, ClassStats> classes = new TreeMap<>();
    w.getClassesList().forEach(c -> classes.put(c.getClassId(), c));
    return classes;
  }

  private static List<Integer> union(Map<Integer, ClassStats> a, Map<Integer, ClassStats> b) {
    TreeMap<Integer, Boolean> ids = new TreeMap<>();
    a.keySet().forEach(id -> ids.put(id, true));
    b.keySet().forEach(id -> ids.put(id, true));
    return new ArrayList<>(ids.keySet());
  }
}
