package org.segstream.ingest;

import java.util.regex.Pattern;
import org.segstream.proto.v1.Projection;

/**
 * One camera to ingest: where its video comes from and how its frames are sampled, encoded and
 * described on the wire. Validated on construction; every message names the camera and the field
 * (with the environment variable that sets it when the config comes from the environment).
 *
 * @param id camera id: the Kafka record key and {@code Frame.camera_id}
 * @param source a file path, or a URL ({@code rtsp://}, {@code http://}, …) for a live camera
 * @param targetFps frames per second to publish; 0 publishes every frame of the source
 * @param projection how the camera projects the scene
 * @param hfovDeg horizontal field of view; 0 when unknown for a pinhole camera, always 360 for an
 *     equirectangular one (0 is taken as 360 there)
 * @param jpegQuality JPEG quality 1..100
 * @param loop restart a file at its end (a file then behaves like an endless camera)
 * @param pace play a file at its own frame rate instead of as fast as it decodes; live sources
 *     are never paced, their frames already arrive in real time
 * @param maxFrames stop after publishing this many frames; 0 for no limit
 */
public record CameraSpec(
    String id,
    String source,
    double targetFps,
    Projection projection,
    float hfovDeg,
    int jpegQuality,
    boolean loop,
    boolean pace,
    long maxFrames) {

  public static final int DEFAULT_JPEG_QUALITY = 90;
  /** Ids go into Kafka keys, thread names and metric labels, so keep them to a safe alphabet. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  public CameraSpec {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("camera id (SEGSTREAM_CAMERA_ID) must be 1..128 characters of"
          + " letters, digits, '.', '_', ':' or '-' starting with a letter or digit, got '" + id + "'");
    }
    String where = "camera " + id + ": ";
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException(where + "source (SEGSTREAM_SOURCE) is required");
    }
    if (!(targetFps >= 0 && targetFps <= 1000)) {
      throw new IllegalArgumentException(where + "targetFps (SEGSTREAM_TARGET_FPS) must be in 0..1000"
          + " (0 keeps every frame), got " + targetFps);
    }
    if (projection != Projection.PINHOLE && projection != Projection.EQUIRECTANGULAR) {
      throw new IllegalArgumentException(where + "projection (SEGSTREAM_PROJECTION) must be PINHOLE or"
          + " EQUIRECTANGULAR, got " + projection);
    }
    if (projection == Projection.EQUIRECTANGULAR) {
      if (hfovDeg != 0 && hfovDeg != 360) {
        throw new IllegalArgumentException(where + "hfovDeg (SEGSTREAM_HFOV_DEG) must be 360 for an"
            + " equirectangular camera, got " + hfovDeg);
      }
      hfovDeg = 360;
    } else if (!(hfovDeg >= 0 && hfovDeg < 180)) {
      throw new IllegalArgumentException(where + "hfovDeg (SEGSTREAM_HFOV_DEG) must be in [0, 180) for a"
          + " pinhole camera (0 = unknown), got " + hfovDeg);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException(where + "jpegQuality (SEGSTREAM_JPEG_QUALITY) must be in 1..100,"
          + " got " + jpegQuality);
    }
    if (maxFrames < 0) {
      throw new IllegalArgumentException(where + "maxFrames (SEGSTREAM_MAX_FRAMES) must be >= 0"
          + " (0 = no limit), got " + maxFrames);
    }
  }

  /** A camera with defaults: every frame, quality 90, no loop, no pacing, no frame limit. */
  public static CameraSpec of(String id, String source, Projection projection) {
    return new CameraSpec(id, source, 0, projection, 0, DEFAULT_JPEG_QUALITY, false, false, 0);
  }

  /** Whether the source is a URL of a live stream rather than a file on this machine. */
  public boolean isLive() {
    return URL.matcher(source).matches() && !source.regionMatches(true, 0, "file:", 0, 5);
  }

  public CameraSpec withTargetFps(double fps) {
    return new CameraSpec(id, source, fps, projection, hfovDeg, jpegQuality, loop, pace, maxFrames);
  }

  public CameraSpec withHfovDeg(float degrees) {
    return new CameraSpec(id, source, targetFps, projection, degrees, jpegQuality, loop, pace, maxFrames);
  }

  public CameraSpec withJpegQuality(int quality) {
    return new CameraSpec(id, source, targetFps, projection, hfovDeg, quality, loop, pace, maxFrames);
  }

  public CameraSpec withLoop(boolean restartAtEnd) {
    return new CameraSpec(id, source, targetFps, projection, hfovDeg, jpegQuality, restartAtEnd, pace, maxFrames);
  }

  public CameraSpec withPace(boolean realTime) {
    return new CameraSpec(id, source, targetFps, projection, hfovDeg, jpegQuality, loop, realTime, maxFrames);
  }

  public CameraSpec withMaxFrames(long limit) {
    return new CameraSpec(id, source, targetFps, projection, hfovDeg, jpegQuality, loop, pace, limit);
  }
}
