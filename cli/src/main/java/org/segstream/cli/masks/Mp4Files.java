package org.segstream.cli.masks;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * {@code DIR/CAMERA.mp4} per camera (H.264, yuv420p): the first picture fixes the video's size,
 * later ones of another size are scaled to it. Pictures are frames at a fixed rate, in arrival order.
 */
final class Mp4Files implements MaskOutput {
  private final Path dir;
  private final double fps;
  private final Map<String, FFmpegFrameRecorder> recorders = new LinkedHashMap<>();
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private long written;

  Mp4Files(Path dir, double fps) {
    this.dir = dir;
    this.fps = fps;
  }

  @Override
  public void write(String camera, long sequence, BufferedImage picture) throws IOException {
    FFmpegFrameRecorder recorder = recorders.get(camera);
    if (recorder == null) {
      recorder = open(dir.resolve(CameraNames.safe(camera) + ".mp4"), picture.getWidth(), picture.getHeight());
      recorders.put(camera, recorder);
    }
    BufferedImage fitted = fit(picture, recorder.getImageWidth(), recorder.getImageHeight());
    try {
      recorder.record(converter.convert(toBgr(fitted)));
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot add " + camera + "#" + sequence + " to its MP4: " + e.getMessage(), e);
    }
    written++;
  }

  private FFmpegFrameRecorder open(Path file, int width, int height) throws IOException {
    Files.createDirectories(dir);
    // H.264 in yuv420p needs even sides.
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width & ~1, height & ~1, 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    // Class edges are what matters in a mask video: a high quality, constant-quality encode.
    recorder.setVideoOption("crf", "18");
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return recorder;
  }

  private static BufferedImage fit(BufferedImage picture, int width, int height) {
    if (picture.getWidth() == width && picture.getHeight() == height) {
      return picture;
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(picture, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  private static BufferedImage toBgr(BufferedImage picture) {
    if (picture.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return picture;
    }
    BufferedImage out = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.drawImage(picture, 0, 0, null);
    g.dispose();
    return out;
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (var entry : recorders.entrySet()) {
      try {
        entry.getValue().stop();
        entry.getValue().release();
      } catch (FrameRecorder.Exception e) {
        failure = new IOException("cannot finish " + entry.getKey() + ".mp4: " + e.getMessage(), e);
      }
    }
    converter.close();
    if (failure != null) {
      throw failure;
    }
  }
}
