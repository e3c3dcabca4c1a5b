package org.segstream.ingest;

import java.util.regex.Pattern;
import org.segstream.ingest.source.SourceUrl;
import org.segstream.proto.v1.Projection;

/**
 * One camera to ingest: where its video comes from and how its frames are sampled, sized, encoded
 * and described on the wire. Validated on construction; a bad value raises
 * {@link CameraFieldException} naming the camera and the field as the fleet file spells it.
 *
 * @param id camera id: the Kafka record key and {@code Frame.camera_id}
 * @param source the fleet file's {@code url}: a file, image directory, network URL or V4L2 device
 * @param targetFps frames per second to publish; 0 publishes every frame of the source
 * @param projection how the camera projects the scene
 * @param hfovDeg horizontal field of view; 0 when unknown for a pinhole camera, always 360 for an
 *     equirectangular one (0 is taken as 360 there)
 * @param maxWidth frames wider than this are downscaled to fit (aspect kept); 0 = no limit
 * @param maxHeight frames taller than this are downscaled to fit (aspect kept); 0 = no limit
 * @param jpegQuality JPEG quality 1..100
 * @param loop restart a file at its end (a file then behaves like an endless camera)
 * @param pace play a file at its own frame rate instead of as fast as it decodes; live sources
 *     are never paced, their frames already arrive in real time
 * @param connectTimeoutMs how long opening a network source may take
 * @param readTimeoutMs how long a read on a network source may block before it counts as dropped
 * @param rtspTransport {@code tcp} (interleaved in the RTSP connection: no loss, the default) or
 *     {@code udp} (for cameras and relays that offer nothing else)
 * @param enabled false keeps the camera in the fleet but does not read it (status STOPPED)
 * @param maxFrames stop after publishing this many frames; 0 for no limit (tests, benchmarks)
 */
public record CameraSpec(
    String id,
    String source,
    double targetFps,
    Projection projection,
    float hfovDeg,
    int maxWidth,
    int maxHeight,
    int jpegQuality,
    boolean loop,
    boolean pace,
    int connectTimeoutMs,
    int readTimeoutMs,
    String rtspTransport,
    boolean enabled,
    long maxFrames) {

  public static final int DEFAULT_JPEG_QUALITY = 90;
  public static final int DEFAULT_MAX_WIDTH = 1920;
  public static final int DEFAULT_MAX_HEIGHT = 1080;
  public static final int DEFAULT_TIMEOUT_MS = 5000;
  /** Ids go into Kafka keys, thread names and metric labels, so keep them to a safe alphabet. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  public CameraSpec {
    if (id == null || !ID.matcher(id).matches()) {
      throw new CameraFieldException(id, "id", "must be 1..128 characters of letters, digits, '.', '_', ':'"
          + " or '-' starting with a letter or digit, got '" + id + "'");
    }
    try {
      source = SourceUrl.parse(source).url();
    } catch (IllegalArgumentException e) {
      throw new CameraFieldException(id, "url", e.getMessage());
    }
    check(id, "fps", targetFps >= 0 && targetFps <= 1000, "must be in 0..1000 (0 keeps every frame), got " + targetFps);
    check(id, "projection", projection == Projection.PINHOLE || projection == Projection.EQUIRECTANGULAR,
        "must be pinhole or equirectangular, got " + projection);
    hfovDeg = checkedHfov(id, projection, hfovDeg);
    check(id, "max_width", maxWidth == 0 || (maxWidth >= 16 && maxWidth <= 16384),
        "must be 0 (no limit) or in 16..16384, got " + maxWidth);
    check(id, "max_height", maxHeight == 0 || (maxHeight >= 16 && maxHeight <= 16384),
        "must be 0 (no limit) or in 16..16384, got " + maxHeight);
    check(id, "jpeg_quality", jpegQuality >= 1 && jpegQuality <= 100, "must be in 1..100, got " + jpegQuality);
    check(id, "connect_timeout_ms", connectTimeoutMs >= 100 && connectTimeoutMs <= 600_000,
        "must be in 100..600000, got " + connectTimeoutMs);
    check(id, "read_timeout_ms", readTimeoutMs >= 100 && readTimeoutMs <= 600_000,
        "must be in 100..600000, got " + readTimeoutMs);
    check(id, "rtsp_transport", "tcp".equals(rtspTransport) || "udp".equals(rtspTransport),
        "must be tcp or udp, got '" + rtspTransport + "'");
    check(id, "max_frames", maxFrames >= 0, "must be >= 0 (0 = no limit), got " + maxFrames);
  }

  private static float checkedHfov(String id, Projection projection, float hfovDeg) {
    if (projection == Projection.EQUIRECTANGULAR) {
      check(id, "hfov_deg", hfovDeg == 0 || hfovDeg == 360, "must be 360 for an equirectangular camera, got " + hfovDeg);
      return 360;
    }
    check(id, "hfov_deg", hfovDeg >= 0 && hfovDeg < 180,
        "must be in [0, 180) for a pinhole camera (0 = unknown), got " + hfovDeg);
    return hfovDeg;
  }

  private static void check(String id, String field, boolean ok, String problem) {
    if (!ok) {
      throw new CameraFieldException(id, field, problem);
    }
  }

  /**
   * A camera with defaults: every frame, frames up to 1920×1080, quality 90, no loop, no pacing,
   * 5 s timeouts, RTSP over TCP, enabled, no frame limit.
   */
  public static CameraSpec of(String id, String source, Projection projection) {
    return new CameraSpec(id, source, 0, projection, 0, DEFAULT_MAX_WIDTH, DEFAULT_MAX_HEIGHT,
        DEFAULT_JPEG_QUALITY, false, false, DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, "tcp", true, 0);
  }

  /** The source parsed: its kind and what FFmpeg opens. */
  public SourceUrl sourceUrl() {
    return SourceUrl.parse(source);
  }

  /** Whether the source is a live stream or device rather than a file on this machine. */
  public boolean isLive() {
    return sourceUrl().isLive();
  }

  /** The builder to derive a changed copy: {@code spec.toBuilder().targetFps(5).build()}. */
  public CameraSpecBuilder toBuilder() {
    return new CameraSpecBuilder(this);
  }

  public CameraSpec withTargetFps(double fps) {
    return toBuilder().targetFps(fps).build();
  }

  public CameraSpec withHfovDeg(float degrees) {
    return toBuilder().hfovDeg(degrees).build();
  }

  public CameraSpec withJpegQuality(int quality) {
    return toBuilder().jpegQuality(quality).build();
  }

  public CameraSpec withLoop(boolean restartAtEnd) {
    return toBuilder().loop(restartAtEnd).build();
  }

  public CameraSpec withPace(boolean realTime) {
    return toBuilder().pace(realTime).build();
  }

  public CameraSpec withMaxFrames(long limit) {
    return toBuilder().maxFrames(limit).build();
  }

  public CameraSpec withMaxSize(int width, int height) {
    return toBuilder().maxWidth(width).maxHeight(height).build();
  }
}
