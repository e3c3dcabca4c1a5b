package org.segstream.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.proto.v1.Projection;

class DemoClipsTest {
  @TempDir
  Path dir;

  private static int countFrames(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      int n = 0;
      while (grabber.grabImage() != null) {
        n++;
      }
      return n;
    }
  }

  @Test
  void pinholeClipIs640By360H264WithSecondsTimesFpsFrames() throws Exception {
    DemoClip clip = DemoClips.writePinhole(dir.resolve("street.mp4"), 2, 10);
    assertThat(clip).isEqualTo(new DemoClip(dir.resolve("street.mp4"), Projection.PINHOLE, 640, 360, 10, 20, 70f));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.path().toFile())) {
      grabber.start();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      assertThat(grabber.getImageWidth()).isEqualTo(640);
      assertThat(grabber.getImageHeight()).isEqualTo(360);
      assertThat(grabber.getVideoFrameRate()).isEqualTo(10.0);
    }
    assertThat(countFrames(clip.path())).isEqualTo(20);
  }

  @Test
  void equirectangularClipIs1024By512With360DegreeFov() throws Exception {
    DemoClip clip = DemoClips.writeEquirectangular(dir.resolve("nested/pano.mp4"), 1, 8);
    assertThat(clip.projection()).isEqualTo(Projection.EQUIRECTANGULAR);
    assertThat(clip.hfovDeg()).isEqualTo(360f);
    assertThat(clip.width()).isEqualTo(1024);
    assertThat(clip.height()).isEqualTo(512);
    assertThat(countFrames(clip.path())).isEqualTo(8);
  }

  @Test
  void clipDescribesTheCameraThatReadsIt() throws Exception {
    DemoClip clip = DemoClips.writeEquirectangular(dir.resolve("pano.mp4"), 1, 4);
    assertThat(clip.cameraSpec("pano-1")).satisfies(spec -> {
      assertThat(spec.id()).isEqualTo("pano-1");
      assertThat(spec.source()).isEqualTo(clip.path().toString());
      assertThat(spec.projection()).isEqualTo(Projection.EQUIRECTANGULAR);
      assertThat(spec.hfovDeg()).isEqualTo(360f);
    });
  }
}
