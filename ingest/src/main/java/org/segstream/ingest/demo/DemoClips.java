package org.segstream.ingest.demo;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.proto.v1.Projection;

/**
 * Writes the synthetic clips the demo ingests: a street seen by an ordinary camera (640×360)
 * and a 360° equirectangular roundabout (1024×512) whose content wraps around at the seam.
 * H.264 in MP4 (the LGPL FFmpeg build's openh264), so the files play anywhere. Scenes are
 * seeded: the same arguments draw the same pictures. About a second of CPU per 100 frames.
 */
public final class DemoClips {
  /** The seed of the demo's clips. */
  public static final long DEFAULT_SEED = 20_26_11_22L;
  /** Horizontal field of view declared for the street camera. */
  public static final float PINHOLE_HFOV_DEG = 70f;

  static {
    // JavaCV reports through JavaCPP's logger, which writes to stderr unless told to use SLF4J.
    System.getProperties().putIfAbsent("org.bytedeco.javacpp.logger", "slf4j");
    // The encoder's chatter would otherwise go straight to stderr.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private DemoClips() {}

  /** Writes the street clip: {@code seconds × fps} frames of 640×360, pinhole. */
  public static DemoClip writePinhole(Path out, int seconds, int fps) throws IOException {
    return writePinhole(out, seconds, fps, DEFAULT_SEED);
  }

  /** Writes the street clip drawn with {@code seed}. */
  public static DemoClip writePinhole(Path out, int seconds, int fps, long seed) throws IOException {
    return write(new StreetScene(seed), out, seconds, fps, Projection.PINHOLE, PINHOLE_HFOV_DEG);
  }

  /** Writes the 360° clip: {@code seconds × fps} frames of 1024×512, equirectangular. */
  public static DemoClip writeEquirectangular(Path out, int seconds, int fps) throws IOException {
    return writeEquirectangular(out, seconds, fps, DEFAULT_SEED);
  }

  /** Writes the 360° clip drawn with {@code seed}. */
  public static DemoClip writeEquirectangular(Path out, int seconds, int fps, long seed) throws IOException {
    return write(new PlazaPanoramaScene(seed), out, seconds, fps, Projection.EQUIRECTANGULAR, 360f);
  }

  private static DemoClip write(Scene scene, Path out, int seconds, int fps, Projection projection, float hfov)
      throws IOException {
    if (seconds < 1 || fps < 1 || fps > 120) {
      throw new IllegalArgumentException("demo clip needs seconds >= 1 and fps in 1..120, got "
          + seconds + " s at " + fps + " fps");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    int frames = seconds * fps;
    try (FFmpegFrameRecorder recorder = recorder(out, scene, fps);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Mat canvas = new Mat(scene.height(), scene.width(), CV_8UC3)) {
      recorder.start();
      for (int i = 0; i < frames; i++) {
        scene.render(i / (double) fps, canvas);
        recorder.record(converter.convert(canvas));
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot write demo clip " + out + ": " + e.getMessage(), e);
    }
    return new DemoClip(out, projection, scene.width(), scene.height(), fps, frames, hfov);
  }

  private static FFmpegFrameRecorder recorder(Path out, Scene scene, int fps) {
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), scene.width(), scene.height(), 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    // A key frame every second: a looping or late-joining reader never waits long for a picture.
    recorder.setGopSize(fps);
    // About 0.2 bits per pixel per frame: sharp edges survive for segmentation, files stay small.
    recorder.setVideoBitrate((int) Math.min(8_000_000L, (long) scene.width() * scene.height() * fps / 5));
    return recorder;
  }
}
