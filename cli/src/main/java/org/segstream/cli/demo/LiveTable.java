package org.segstream.cli.demo;

import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.segstream.client.stats.StatsClient;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.SceneStats;

/**
 * The demo's live view: per camera, the largest classes of the newest frame next to the current
 * window's mean, min and max — read over gRPC, as any user would.
 */
final class LiveTable {
  private static final int TOP_CLASSES = 6;
  private final StatsClient client;

  LiveTable(StatsClient client) {
    this.client = client;
  }

  /** The table, or a line saying why there is none yet. */
  String render(String header) {
    StringBuilder out = new StringBuilder(header).append(System.lineSeparator());
    List<CameraInfo> cameras;
    try {
      cameras = client.cameras();
    } catch (StatusRuntimeException e) {
      return out.append("  stats not available yet: ").append(e.getStatus().getCode()).append(System.lineSeparator()).toString();
    }
    if (cameras.isEmpty()) {
      return out.append("  waiting for the first masks…").append(System.lineSeparator()).toString();
    }
    for (CameraInfo camera : cameras) {
      appendCamera(out, camera);
    }
    return out.toString();
  }

  private void appendCamera(StringBuilder out, CameraInfo camera) {
    LatestFrame latest;
    List<SceneStats> windows;
    try {
      latest = client.latest(camera.getCameraId());
      windows = client.windows(camera.getCameraId(), 0, 0, 0);
    } catch (StatusRuntimeException e) {
      out.append(String.format(Locale.ROOT, "%n  %s: %s%n", camera.getCameraId(), e.getStatus().getCode()));
      return;
    }
    SceneStats window = windows.isEmpty() ? SceneStats.getDefaultInstance() : windows.get(windows.size() - 1);
    long windowSeconds = (window.getWindowEndUs() - window.getWindowStartUs()) / 1_000_000;
    out.append(String.format(Locale.ROOT, "%n  %s  %s  frame #%d  ·  current %d s window: %d frames%n",
        camera.getCameraId(), camera.getProjection(), latest.getSequence(), windowSeconds, window.getFramesCounted()));
    out.append(String.format(Locale.ROOT, "    %-15s %8s %8s %8s %8s%n", "CLASS", "NOW %", "MEAN %", "MIN %", "MAX %"));
    Map<Integer, ClassStats> byClass = new HashMap<>();
    window.getClassesList().forEach(c -> byClass.put(c.getClassId(), c));
    latest.getClassesList().stream()
        .sorted(Comparator.comparingDouble(ClassArea::getAreaFraction).reversed())
        .limit(TOP_CLASSES)
        .forEach(c -> {
          ClassStats w = byClass.getOrDefault(c.getClassId(), ClassStats.getDefaultInstance());
          out.append(String.format(Locale.ROOT, "    %-15s %8.1f %8.1f %8.1f %8.1f%n", c.getClassName(),
              100 * c.getAreaFraction(), 100 * w.getMeanAreaFraction(), 100 * w.getMinAreaFraction(),
              100 * w.getMaxAreaFraction()));
        });
  }

  /** Redraws in place on a terminal; appends otherwise, so logs stay readable. */
  static void show(PrintStream out, String table, boolean terminal) {
    if (terminal) {
      out.print("\033[H\033[2J");
    }
    out.print(table);
    out.flush();
  }
}
