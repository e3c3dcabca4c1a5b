package org.segstream.ingest.fleet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The fleet file's YAML shape, bound by Jackson with snake_case names and no unknown fields. Every
 * value is nullable: an absent camera field takes the file's {@code defaults}, an absent default
 * the built-in one. Kept apart from {@link org.segstream.ingest.CameraSpec} so the file format
 * can name things its own way and the spec stays the one validated record.
 */
final class FleetEntries {
  private FleetEntries() {}

  /** The {@code defaults:} block: settings every camera inherits. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Defaults(
      Double fps,
      String projection,
      Float hfovDeg,
      Integer maxWidth,
      Integer maxHeight,
      Integer jpegQuality,
      Boolean loop,
      Boolean pace,
      Integer connectTimeoutMs,
      Integer readTimeoutMs,
      String rtspTransport) {

    /** The built-in defaults, used for what the file's {@code defaults:} leaves out. */
    static final Defaults BUILT_IN = new Defaults(0.0, "pinhole", 0f, 1920, 1080, 90, false, true, 5000, 5000, "tcp");

    /** These defaults with any gap filled from {@code fallback}. */
    Defaults over(Defaults fallback) {
      return new Defaults(
          or(fps, fallback.fps), or(projection, fallback.projection), or(hfovDeg, fallback.hfovDeg),
          or(maxWidth, fallback.maxWidth), or(maxHeight, fallback.maxHeight),
          or(jpegQuality, fallback.jpegQuality), or(loop, fallback.loop), or(pace, fallback.pace),
          or(connectTimeoutMs, fallback.connectTimeoutMs), or(readTimeoutMs, fallback.readTimeoutMs),
          or(rtspTransport, fallback.rtspTransport));
    }
  }

  /** One entry of {@code cameras:}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Camera(
      String id,
      String url,
      Double fps,
      String projection,
      Float hfovDeg,
      Integer maxWidth,
      Integer maxHeight,
      Integer jpegQuality,
      Boolean loop,
      Boolean pace,
      Integer connectTimeoutMs,
      Integer readTimeoutMs,
      String rtspTransport,
      Boolean enabled) {}

  static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
