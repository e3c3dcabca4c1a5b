package org.segstream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceUrlTest {
  @Test
  void kindsOfSources() {
    assertThat(SourceUrl.parse("/data/a.mp4").kind()).isEqualTo(SourceUrl.Kind.FILE);
    assertThat(SourceUrl.parse("file:///data/a.mp4").input()).isEqualTo("/data/a.mp4");
    assertThat(SourceUrl.parse("rtsp://cam:8554/live").kind()).isEqualTo(SourceUrl.Kind.NETWORK);
    assertThat(SourceUrl.parse("https://cdn/live/index.m3u8").kind()).isEqualTo(SourceUrl.Kind.NETWORK);
    assertThat(SourceUrl.parse("srt://10.0.0.2:9000?mode=caller").kind()).isEqualTo(SourceUrl.Kind.NETWORK);
    assertThat(SourceUrl.parse("/dev/video0").kind()).isEqualTo(SourceUrl.Kind.DEVICE);
    assertThat(SourceUrl.parse("v4l2:///dev/video1").input()).isEqualTo("/dev/video1");
  }

  @Test
  void redactionDropsCredentialsAndMasksSecretParameters() {
    assertThat(SourceUrl.redact("rtsp://admin:hunter2@10.0.0.5:554/stream1")).isEqualTo("rtsp://10.0.0.5:554/stream1");
    assertThat(SourceUrl.redact("srt://h:9000?mode=caller&passphrase=secret123"))
        .isEqualTo("srt://h:9000?mode=caller&passphrase=***");
    assertThat(SourceUrl.redact("/data/a.mp4")).isEqualTo("/data/a.mp4");
  }

  @Test
  void fitKeepsAspectAndEvenSizes() {
    SourceOptions limits = new SourceOptions(5000, 5000, 1920, 1080, 1, "tcp");
    assertThat(limits.fit(3840, 1920)).containsExactly(1920, 960);
    assertThat(limits.fit(3840, 2160)).containsExactly(1920, 1080);
    assertThat(limits.fit(1280, 720)).containsExactly(1280, 720);
    assertThat(new SourceOptions(5000, 5000, 0, 0, 1, "tcp").fit(7680, 3840)).containsExactly(7680, 3840);
  }
}
