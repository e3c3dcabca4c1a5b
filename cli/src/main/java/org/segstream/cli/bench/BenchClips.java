package org.segstream.cli.bench;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Bench inputs: a demo clip re-encoded as H.264 at another size, like a camera of that resolution. */
final class BenchClips {
  private BenchClips() {}

  /** Writes {@code source} scaled to {@code width × height} at its own frame rate. */
  static Path scaled(Path source, Path out, int width, int height) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
      grabber.setImageWidth(width);
      grabber.setImageHeight(height);
      grabber.start();
      double fps = grabber.getVideoFrameRate();
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0)) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize((int) Math.round(fps));
        // About 0.1 bits per pixel per frame, in the range of a camera's H.264 stream.
        recorder.setVideoBitrate((int) Math.min(20_000_000L, (long) (width * (long) height * fps / 10)));
        recorder.start();
        Frame frame;
        while ((frame = grabber.grabImage()) != null) {
          recorder.record(frame);
        }
        recorder.stop();
      }
    }
    return out;
  }
}
