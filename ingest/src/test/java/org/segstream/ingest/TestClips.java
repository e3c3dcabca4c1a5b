package org.segstream.ingest;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Small video files recorded by the tests themselves, so every input is known exactly. */
public final class TestClips {
  private TestClips() {}

  /**
   * Records {@code frames} frames of {@code width × height} at {@code fps} as MPEG-4 in MP4: a
   * grey background that brightens frame by frame and a red box moving right.
   */
  public static Path record(Path file, int frames, double fps, int width, int height) throws Exception {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Mat picture = new Mat(height, width, CV_8UC3)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoQuality(4);
      recorder.start();
      for (int i = 0; i < frames; i++) {
        picture.put(new Scalar(60 + i % 150, 60 + i % 150, 60 + i % 150, 0));
        int x = (i * 7) % Math.max(1, width - 20);
        rectangle(picture, new Point(x, height / 3), new Point(x + 19, height / 3 + 19),
            new Scalar(0, 0, 255, 0), FILLED, LINE_8, 0);
        recorder.record(converter.convert(picture));
      }
      recorder.stop();
    }
    return file;
  }
}
