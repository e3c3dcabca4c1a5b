package org.segstream.cli.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.bytedeco.javacv.Frame;
import org.segstream.ingest.encode.JpegEncoder;
import org.segstream.ingest.source.CameraSource;

/**
 * Times ingest's per-frame work on one camera thread, through ingest's own classes: FFmpeg decode
 * and conversion to BGR ({@link CameraSource}), optionally followed by JPEG encoding
 * ({@link JpegEncoder}, quality 90). CPU time is the whole process's, so FFmpeg's decoder threads
 * count: frames per CPU-second is frames per second per core.
 */
final class DecodeCost {
  /** One timed run. */
  record Result(int width, int height, int frames, long cpuNanos, long wallNanos) {
    double perCpuSecond() {
      return frames / (cpuNanos / 1e9);
    }

    double perWallSecond() {
      return frames / (wallNanos / 1e9);
    }
  }

  private DecodeCost() {}

  /** Decodes (and encodes) {@code frames} frames of {@code clip}, replaying it as often as needed. */
  static Result run(Path clip, int frames, boolean encode) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (CameraSource source = new CameraSource(clip.toString()); JpegEncoder encoder = new JpegEncoder(90)) {
      source.start();
      int width = 0;
      int height = 0;
      long cpu = os.getProcessCpuTime();
      long wall = System.nanoTime();
      for (int done = 0; done < frames; ) {
        Frame frame = source.grab();
        if (frame == null) {
          source.restart();
          continue;
        }
        width = frame.imageWidth;
        height = frame.imageHeight;
        if (encode) {
          encoder.encode(frame);
        }
        done++;
      }
      return new Result(width, height, frames, os.getProcessCpuTime() - cpu, System.nanoTime() - wall);
    }
  }

  /** The run with more frames per CPU-second: the one least disturbed by whatever else the machine ran. */
  static Result better(Result a, Result b) {
    return a == null || b.perCpuSecond() > a.perCpuSecond() ? b : a;
  }
}
