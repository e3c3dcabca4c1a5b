package org.segstream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.ingest.TestClips;

class CameraSourceTest {
  @TempDir
  Path dir;

  @Test
  void grabsEveryFrameWithItsSizeAndPtsThenNull() throws Exception {
    Path clip = TestClips.record(dir.resolve("c.mp4"), 12, 20, 160, 96);
    List<Long> pts = new ArrayList<>();
    try (CameraSource source = new CameraSource(clip.toString())) {
      source.start();
      assertThat(source.frameRate()).isEqualTo(20.0);
      Frame frame;
      while ((frame = source.grab()) != null) {
        assertThat(frame.imageWidth).isEqualTo(160);
        assertThat(frame.imageHeight).isEqualTo(96);
        pts.add(source.ptsUs());
      }
    }
    assertThat(pts).hasSize(12).startsWith(0L, 50_000L, 100_000L).endsWith(550_000L);
  }

  @Test
  void restartReadsTheFileFromTheBeginningAgain() throws Exception {
    Path clip = TestClips.record(dir.resolve("c.mp4"), 3, 10, 64, 48);
    try (CameraSource source = new CameraSource(clip.toString())) {
      source.start();
      while (source.grab() != null) {
        assertThat(source.ptsUs()).isNotNegative();
      }
      source.restart();
      assertThat(source.grab()).isNotNull();
      assertThat(source.ptsUs()).isZero();
    }
  }

  @Test
  void missingFileFailsWithOneLineNamingTheFile() {
    Path missing = dir.resolve("no-such-clip.mp4");
    try (CameraSource source = new CameraSource(missing.toString())) {
      assertThatThrownBy(source::start)
          .isInstanceOf(CameraSourceException.class)
          .hasMessage("camera source file not found: " + missing.toAbsolutePath());
    }
  }

  @Test
  void fileThatIsNotAVideoFailsWithOneLineNamingTheFile() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
    try (CameraSource source = new CameraSource(text.toString())) {
      assertThatThrownBy(source::start)
          .isInstanceOf(CameraSourceException.class)
          .hasMessageStartingWith("cannot open camera source " + text + ": ")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("setFormat");
    }
  }

  @Test
  void fileUrlIsCheckedLikeAPath() {
    Path missing = dir.resolve("gone.mp4");
    try (CameraSource source = new CameraSource(missing.toUri().toString())) {
      assertThatThrownBy(source::start).hasMessageContaining(missing.toString());
    }
  }
}
