package org.segstream.ingest;

import java.util.Map;
import org.segstream.proto.v1.Projection;

/**
 * One camera described by {@code SEGSTREAM_*} variables: a one-camera fleet for a container or a
 * quick run without a fleet file. Files are paced to their own frame rate unless
 * {@code SEGSTREAM_PACE=false}, so a file behaves like a live camera.
 */
final class EnvCamera {
  /** The variable that sets each fleet-file field, so errors name what the user actually set. */
  private static final Map<String, String> VARIABLES = Map.ofEntries(
      Map.entry("id", "SEGSTREAM_CAMERA_ID"),
      Map.entry("url", "SEGSTREAM_SOURCE"),
      Map.entry("fps", "SEGSTREAM_TARGET_FPS"),
      Map.entry("projection", "SEGSTREAM_PROJECTION"),
      Map.entry("hfov_deg", "SEGSTREAM_HFOV_DEG"),
      Map.entry("max_width", "SEGSTREAM_MAX_WIDTH"),
      Map.entry("max_height", "SEGSTREAM_MAX_HEIGHT"),
      Map.entry("jpeg_quality", "SEGSTREAM_JPEG_QUALITY"),
      Map.entry("connect_timeout_ms", "SEGSTREAM_CONNECT_TIMEOUT_MS"),
      Map.entry("read_timeout_ms", "SEGSTREAM_READ_TIMEOUT_MS"),
      Map.entry("rtsp_transport", "SEGSTREAM_RTSP_TRANSPORT"),
      Map.entry("max_frames", "SEGSTREAM_MAX_FRAMES"));

  private EnvCamera() {}

  static CameraSpec read(EnvVars vars) {
    try {
      return new CameraSpec(
          vars.text("SEGSTREAM_CAMERA_ID", "cam-0"),
          vars.text("SEGSTREAM_SOURCE", null),
          vars.number("SEGSTREAM_TARGET_FPS", 0),
          vars.projection("SEGSTREAM_PROJECTION", Projection.PINHOLE),
          (float) vars.number("SEGSTREAM_HFOV_DEG", 0),
          vars.integer("SEGSTREAM_MAX_WIDTH", CameraSpec.DEFAULT_MAX_WIDTH),
          vars.integer("SEGSTREAM_MAX_HEIGHT", CameraSpec.DEFAULT_MAX_HEIGHT),
          vars.integer("SEGSTREAM_JPEG_QUALITY", CameraSpec.DEFAULT_JPEG_QUALITY),
          vars.flag("SEGSTREAM_LOOP", false),
          vars.flag("SEGSTREAM_PACE", true),
          vars.integer("SEGSTREAM_CONNECT_TIMEOUT_MS", CameraSpec.DEFAULT_TIMEOUT_MS),
          vars.integer("SEGSTREAM_READ_TIMEOUT_MS", CameraSpec.DEFAULT_TIMEOUT_MS),
          vars.text("SEGSTREAM_RTSP_TRANSPORT", "tcp"),
          true,
          vars.longInteger("SEGSTREAM_MAX_FRAMES", 0));
    } catch (CameraFieldException e) {
      String variable = VARIABLES.getOrDefault(e.field(), e.field());
      throw new IllegalArgumentException("camera " + e.cameraId() + ": " + variable + " (" + e.field() + ") "
          + e.problem(), e);
    }
  }
}
