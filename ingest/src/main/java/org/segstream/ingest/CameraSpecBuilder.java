package org.segstream.ingest;

import org.segstream.proto.v1.Projection;

/**
 * Derives a {@link CameraSpec} from another one field by field; {@link #build()} validates.
 * Spares callers a fifteen-argument constructor call to change one setting.
 */
public final class CameraSpecBuilder {
  private String id;
  private String source;
  private double targetFps;
  private Projection projection;
  private float hfovDeg;
  private int maxWidth;
  private int maxHeight;
  private int jpegQuality;
  private boolean loop;
  private boolean pace;
  private int connectTimeoutMs;
  private int readTimeoutMs;
  private String rtspTransport;
  private boolean enabled;
  private long maxFrames;

  CameraSpecBuilder(CameraSpec from) {
    id = from.id();
    source = from.source();
    targetFps = from.targetFps();
    projection = from.projection();
    hfovDeg = from.hfovDeg();
    maxWidth = from.maxWidth();
    maxHeight = from.maxHeight();
    jpegQuality = from.jpegQuality();
    loop = from.loop();
    pace = from.pace();
    connectTimeoutMs = from.connectTimeoutMs();
    readTimeoutMs = from.readTimeoutMs();
    rtspTransport = from.rtspTransport();
    enabled = from.enabled();
    maxFrames = from.maxFrames();
  }

  public CameraSpecBuilder id(String value) {
    id = value;
    return this;
  }

  public CameraSpecBuilder source(String value) {
    source = value;
    return this;
  }

  public CameraSpecBuilder targetFps(double value) {
    targetFps = value;
    return this;
  }

  public CameraSpecBuilder projection(Projection value) {
    projection = value;
    return this;
  }

  public CameraSpecBuilder hfovDeg(float value) {
    hfovDeg = value;
    return this;
  }

  public CameraSpecBuilder maxWidth(int value) {
    maxWidth = value;
    return this;
  }

  public CameraSpecBuilder maxHeight(int value) {
    maxHeight = value;
    return this;
  }

  public CameraSpecBuilder jpegQuality(int value) {
    jpegQuality = value;
    return this;
  }

  public CameraSpecBuilder loop(boolean value) {
    loop = value;
    return this;
  }

  public CameraSpecBuilder pace(boolean value) {
    pace = value;
    return this;
  }

  public CameraSpecBuilder connectTimeoutMs(int value) {
    connectTimeoutMs = value;
    return this;
  }

  public CameraSpecBuilder readTimeoutMs(int value) {
    readTimeoutMs = value;
    return this;
  }

  public CameraSpecBuilder rtspTransport(String value) {
    rtspTransport = value;
    return this;
  }

  public CameraSpecBuilder enabled(boolean value) {
    enabled = value;
    return this;
  }

  public CameraSpecBuilder maxFrames(long value) {
    maxFrames = value;
    return this;
  }

  public CameraSpec build() {
    return new CameraSpec(id, source, targetFps, projection, hfovDeg, maxWidth, maxHeight, jpegQuality, loop, pace,
        connectTimeoutMs, readTimeoutMs, rtspTransport, enabled, maxFrames);
  }
}
