package org.segstream.viewer.stats;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.segstream.client.stats.StatsClient;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.SceneStats;
import org.segstream.viewer.web.EventStream;

/**
 * Asks the postprocessor every poll for camera health and the last windows of each shown camera,
 * and publishes them to the page ({@code health}, {@code windows}). A failing call becomes a
 * {@code notice} on the page; the next poll tries again.
 */
public final class StatsPoller implements Runnable {
  private final StatsClient client;
  private final EventStream events;
  private final Supplier<Set<String>> cameras;
  private final int windowSeconds;
  private final int windows;
  private volatile long learntWindowUs;

  public StatsPoller(StatsClient client, EventStream events, Supplier<Set<String>> cameras, int windowSeconds,
      int windows) {
    this.client = client;
    this.events = events;
    this.cameras = cameras;
    this.windowSeconds = windowSeconds;
    this.windows = windows;
  }

  @Override
  public void run() {
    try {
      List<CameraInfo> fleet = client.cameras();
      events.publish("health", "fleet", health(fleet));
      // With windowSeconds 0 the size is learnt from the first windows; until then, look back ten minutes.
      long sizeUs = windowSeconds > 0 ? windowSeconds * 1_000_000L : learntWindowUs;
      long lookBackUs = sizeUs > 0 ? sizeUs * (windows + 1) : 600_000_000L;
      long fromUs = EpochMicros.now() - lookBackUs;
      for (String camera : cameras.get()) {
        try {
          events.publish("windows", camera, chart(camera, client.windows(camera, windowSeconds, fromUs, 0)));
        } catch (StatusRuntimeException e) {
          events.publish("windows", camera, Map.of("camera", camera, "notice",
              "windows of " + camera + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription()));
        }
      }
      events.publish("notice", "stats", Map.of("text", ""));
    } catch (StatusRuntimeException e) {
      events.publish("notice", "stats", Map.of("text", "scene stats unavailable: " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription())));
    }
  }

  private static List<Map<String, Object>> health(List<CameraInfo> fleet) {
    List<Map<String, Object>> cameras = new ArrayList<>();
    for (CameraInfo info : fleet) {
      Map<String, Object> camera = new LinkedHashMap<>();
      camera.put("camera", info.getCameraId());
      camera.put("projection", info.getProjection().name());
      camera.put("lastSequence", info.getLastSequence());
      if (info.hasStatus()) {
        CameraStatus status = info.getStatus();
        camera.put("state", status.getState().name());
        camera.put("fps", status.getMeasuredFps());
        camera.put("sent", status.getFramesSent());
        camera.put("dropped", status.getFramesDropped());
        camera.put("lastError", status.getLastError());
      }
      cameras.add(camera);
    }
    return cameras;
  }

  /** Mean area fraction per class per window, oldest first, at most {@code windows} of them. */
  private Map<String, Object> chart(String camera, List<SceneStats> stats) {
    List<SceneStats> last = stats.subList(Math.max(0, stats.size() - windows), stats.size());
    if (!last.isEmpty()) {
      learntWindowUs = last.get(0).getWindowEndUs() - last.get(0).getWindowStartUs();
    }
    List<Map<String, Object>> points = new ArrayList<>();
    for (SceneStats window : last) {
      Map<String, Double> areas = new LinkedHashMap<>();
      for (ClassStats cls : window.getClassesList()) {
        areas.put(String.valueOf(cls.getClassId()), cls.getMeanAreaFraction());
      }
      points.add(Map.of("startMs", window.getWindowStartUs() / 1000, "frames", window.getFramesCounted(),
          "areas", areas));
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("camera", camera);
    chart.put("windowSeconds", last.isEmpty() ? windowSeconds
        : (last.get(0).getWindowEndUs() - last.get(0).getWindowStartUs()) / 1_000_000.0);
    chart.put("labelSet", last.isEmpty() ? "" : last.get(last.size() - 1).getLabelSet());
    chart.put("points", points);
    return chart;
  }
}
