package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.Projection;

class CameraSpecTest {
  private static final CameraSpec VALID = CameraSpec.of("cam-1", "/videos/street.mp4", Projection.PINHOLE);

  @Test
  void defaultsKeepEveryFrameAtQuality90WithoutLoopPaceOrLimit() {
    assertThat(VALID.targetFps()).isZero();
    assertThat(VALID.jpegQuality()).isEqualTo(90);
    assertThat(VALID.loop()).isFalse();
    assertThat(VALID.pace()).isFalse();
    assertThat(VALID.maxFrames()).isZero();
  }

  @Test
  void idWithSpacesIsRejectedNamingTheId() {
    assertThatThrownBy(() -> CameraSpec.of("front door", "/v.mp4", Projection.PINHOLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("camera id").hasMessageContaining("SEGSTREAM_CAMERA_ID").hasMessageContaining("front door");
  }

  @Test
  void blankSourceIsRejectedNamingSource() {
    assertThatThrownBy(() -> CameraSpec.of("cam-1", " ", Projection.PINHOLE))
        .hasMessageContaining("cam-1").hasMessageContaining("source (SEGSTREAM_SOURCE)");
  }

  @Test
  void negativeTargetFpsIsRejectedNamingTargetFps() {
    assertThatThrownBy(() -> VALID.withTargetFps(-1))
        .hasMessageContaining("targetFps (SEGSTREAM_TARGET_FPS)").hasMessageContaining("-1");
  }

  @Test
  void unspecifiedProjectionIsRejectedNamingProjection() {
    assertThatThrownBy(() -> CameraSpec.of("cam-1", "/v.mp4", Projection.PROJECTION_UNSPECIFIED))
        .hasMessageContaining("projection (SEGSTREAM_PROJECTION)");
  }

  @Test
  void pinholeFieldOfView180OrMoreIsRejectedNamingHfov() {
    assertThatThrownBy(() -> VALID.withHfovDeg(200))
        .hasMessageContaining("hfovDeg (SEGSTREAM_HFOV_DEG)").hasMessageContaining("200");
  }

  @Test
  void equirectangularFieldOfViewOtherThan360IsRejectedNamingHfov() {
    CameraSpec pano = CameraSpec.of("pano", "/p.mp4", Projection.EQUIRECTANGULAR);
    assertThatThrownBy(() -> pano.withHfovDeg(180))
        .hasMessageContaining("hfovDeg (SEGSTREAM_HFOV_DEG) must be 360");
  }

  @Test
  void equirectangularFieldOfViewDefaultsTo360() {
    assertThat(CameraSpec.of("pano", "/p.mp4", Projection.EQUIRECTANGULAR).hfovDeg()).isEqualTo(360f);
  }

  @Test
  void jpegQualityOutside1To100IsRejectedNamingJpegQuality() {
    assertThatThrownBy(() -> VALID.withJpegQuality(0))
        .hasMessageContaining("jpegQuality (SEGSTREAM_JPEG_QUALITY)");
    assertThatThrownBy(() -> VALID.withJpegQuality(101))
        .hasMessageContaining("jpegQuality (SEGSTREAM_JPEG_QUALITY)");
  }

  @Test
  void negativeMaxFramesIsRejectedNamingMaxFrames() {
    assertThatThrownBy(() -> VALID.withMaxFrames(-5))
        .hasMessageContaining("maxFrames (SEGSTREAM_MAX_FRAMES)");
  }

  @Test
  void urlsAreLiveAndPathsAndFileUrlsAreNot() {
    assertThat(VALID.isLive()).isFalse();
    assertThat(CameraSpec.of("c", "rtsp://10.0.0.5/stream", Projection.PINHOLE).isLive()).isTrue();
    assertThat(CameraSpec.of("c", "http://cam/live.m3u8", Projection.PINHOLE).isLive()).isTrue();
    assertThat(CameraSpec.of("c", "file:///videos/a.mp4", Projection.PINHOLE).isLive()).isFalse();
  }
}
