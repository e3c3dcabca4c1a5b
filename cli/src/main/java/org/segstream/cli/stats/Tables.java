package org.segstream.cli.stats;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.SceneStats;

/** Plain-text tables of scene statistics for terminals. */
public final class Tables {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Tables() {}

  /**
   * Ingest's report (state, frames/s, sent, dropped) beside the newest frame the stats counted:
   * the gap between the sent count and the counted sequence is how far the pipeline is behind.
   */
  public static String cameras(List<CameraInfo> cameras) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s %-16s %-12s %6s %9s %8s %11s  %s%n",
        "CAMERA", "PROJECTION", "STATE", "FPS", "SENT", "DROPPED", "COUNTED SEQ", "COUNTED CAPTURE (UTC)"));
    for (CameraInfo c : cameras) {
      // A camera with counted frames but no report from ingest shows its state as unknown.
      CameraStatus s = c.getStatus();
      String state = c.hasStatus() ? s.getState().name() : "-";
      out.append(String.format(Locale.ROOT, "%-16s %-16s %-12s %6.1f %9d %8d %11d  %s%n", c.getCameraId(),
          c.getProjection(), state, s.getMeasuredFps(), s.getFramesSent(), s.getFramesDropped(),
          c.getLastSequence(), c.getLastCaptureTimeUs() == 0 ? "-" : time(c.getLastCaptureTimeUs())));
      if (!s.getLastError().isEmpty()) {
        out.append("    last error: ").append(s.getLastError()).append('\n');
      }
    }
    return out.toString();
  }

  public static String latest(LatestFrame f) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "camera %s  sequence %d  captured %s UTC  model %s%n", f.getCameraId(), f.getSequence(),
        time(f.getCaptureTimeUs()), f.getModelId()));
    out.append(String.format(Locale.ROOT, "  %-16s %8s%n", "CLASS", "AREA %"));
    for (ClassArea c : f.getClassesList()) {
      out.append(String.format(Locale.ROOT, "  %-16s %8.2f%n", name(c.getClassName(), c.getClassId()),
          100 * c.getAreaFraction()));
    }
    return out.toString();
  }

  public static String windows(List<SceneStats> windows) {
    if (windows.isEmpty()) {
      return "no windows of this size in this time range" + System.lineSeparator();
    }
    StringBuilder out = new StringBuilder();
    for (SceneStats w : windows) {
      out.append(String.format(Locale.ROOT, "window %s – %s UTC  %s  frames %d%n",
          time(w.getWindowStartUs()), time(w.getWindowEndUs()),
          w.getCameraId().isEmpty() ? "fleet (all cameras)" : "camera " + w.getCameraId(), w.getFramesCounted()));
      out.append(String.format(Locale.ROOT, "  %-16s %8s %8s %8s %8s %6s%s%n", "CLASS", "MEAN %", "MIN %", "MAX %",
          "FRAMES", "BLOBS", w.getClassesCount() > 0 && w.getClasses(0).getSectorAreaFractionCount() > 0 ? "  % OF EACH AZIMUTH SECTOR" : ""));
      for (ClassStats c : w.getClassesList()) {
        out.append(String.format(Locale.ROOT, "  %-16s %8.2f %8.2f %8.2f %8d %6.1f%s%n",
            name(c.getClassName(), c.getClassId()), 100 * c.getMeanAreaFraction(), 100 * c.getMinAreaFraction(),
            100 * c.getMaxAreaFraction(), c.getFramesPresent(), c.getMeanBlobCount(), sectors(c)));
      }
    }
    return out.toString();
  }

  /** A panorama's per-sector shares, e.g. "  12 40 0 …", left edge first. */
  private static String sectors(ClassStats c) {
    StringBuilder out = new StringBuilder();
    for (double share : c.getSectorAreaFractionList()) {
      out.append(String.format(Locale.ROOT, " %3.0f", 100 * share));
    }
    return out.length() == 0 ? "" : " " + out;
  }

  static String name(String name, int id) {
    return name.isEmpty() ? "class-" + id : name;
  }

  static String time(long epochUs) {
    return epochUs == 0 ? "-" : TIME.format(EpochMicros.toInstant(epochUs));
  }
}
