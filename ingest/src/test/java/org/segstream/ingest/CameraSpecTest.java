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
        .hasMessageContaining("id must be").hasMessageContaining("front door");
  }

  @Test
  void blankSourceIsRejectedNamingSource() {
    assertThatThrownBy(() -> CameraSpec.of("cam-1", " ", Projection.PINHOLE))
        .hasMessageStartingWith("camera cam-1: url is required");
  }

  @Test
  void negativeTargetFpsIsRejectedNamingTargetFps() {
    assertThatThrownBy(() -> VALID.withTargetFps(-1))
        .hasMessage("camera cam-1: fps must be in 0..1000 (0 keeps every frame), got -1.0");
  }

  @Test
  void unspecifiedProjectionIsRejectedNamingProjection() {
    assertThatThrownBy(() -> CameraSpec.of("cam-1", "/v.mp4", Projection.PROJECTION_UNSPECIFIED))
        .hasMessageStartingWith("camera cam-1: projection must be");
  }

  @Test
  void pinholeFieldOfView180OrMoreIsRejectedNamingHfov() {
    assertThatThrownBy(() -> VALID.withHfovDeg(200))
        .hasMessageStartingWith("camera cam-1: hfov_deg").hasMessageContaining("200");
  }

  @Test
  void equirectangularFieldOfViewOtherThan360IsRejectedNamingHfov() {
    CameraSpec pano = CameraSpec.of("pano", "/p.mp4", Projection.EQUIRECTANGULAR);
    assertThatThrownBy(() -> pano.withHfovDeg(180))
        .hasMessageContaining("camera pano: hfov_deg must be 360");
  }

  @Test
  void equirectangularFieldOfViewDefaultsTo360() {
    assertThat(CameraSpec.of("pano", "/p.mp4", Projection.EQUIRECTANGULAR).hfovDeg()).isEqualTo(360f);
  }

  @Test
  void jpegQualityOutside1To100IsRejectedNamingJpegQuality() {
    assertThatThrownBy(() -> VALID.withJpegQuality(0))
        .hasMessageContaining("camera cam-1: jpeg_quality must be in 1..100");
    assertThatThrownBy(() -> VALID.withJpegQuality(101))
        .hasMessageContaining("camera cam-1: jpeg_quality must be in 1..100");
  }

  @Test
  void negativeMaxFramesIsRejectedNamingMaxFrames() {
    assertThatThrownBy(() -> VALID.withMaxFrames(-5))
        .hasMessageContaining("camera cam-1: max_frames must be >= 0");
  }

  @Test
  void urlsAreLiveAndPathsAndFileUrlsAreNot() {
    assertThat(VALID.isLive()).isFalse();
    assertThat(CameraSpec.of("c", "rtsp://10.0.0.5/stream", Projection.PINHOLE).isLive()).isTrue();
    assertThat(CameraSpec.of("c", "http://cam/live.m3u8", Projection.PINHOLE).isLive()).isTrue();
    assertThat(CameraSpec.of("c", "file:///videos/a.mp4", Projection.PINHOLE).isLive()).isFalse();
    assertThat(CameraSpec.of("c", "/dev/video0", Projection.PINHOLE).isLive()).isTrue();
    assertThat(CameraSpec.of("c", "v4l2:///dev/video2", Projection.PINHOLE).sourceUrl().input()).isEqualTo("/dev/video2");
  }

  @Test
  void unsupportedSchemeIsRejectedNamingTheUrl() {
    assertThatThrownBy(() -> CameraSpec.of("cam-1", "ftp://host/clip.mp4", Projection.PINHOLE))
        .isInstanceOf(CameraFieldException.class)
        .hasMessageStartingWith("camera cam-1: url 'ftp://host/clip.mp4' has an unsupported scheme 'ftp'");
  }

  @Test
  void networkUrlWithoutHostIsRejected() {
    assertThatThrownBy(() -> CameraSpec.of("cam-1", "rtsp:///live", Projection.PINHOLE))
        .hasMessage("camera cam-1: url 'rtsp:///live' has no host");
  }

  @Test
  void toBuilderChangesOneFieldAndValidatesTheResult() {
    assertThat(VALID.toBuilder().maxWidth(640).build().maxWidth()).isEqualTo(640);
    assertThatThrownBy(() -> VALID.toBuilder().readTimeoutMs(5).build())
        .hasMessageContaining("camera cam-1: read_timeout_ms must be in 100..600000");
  }
}
