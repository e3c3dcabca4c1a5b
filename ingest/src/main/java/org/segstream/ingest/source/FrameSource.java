package org.segstream.ingest.source;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.Frame;

/**
 * A camera's pictures, frame by frame: a video file or stream through FFmpeg
 * ({@link CameraSource}) or a directory of images ({@link ImageDirectorySource}). A grabbed frame's
 * buffer is reused by the next {@link #grab()}: encode or copy it first. Not thread-safe: one per
 * camera thread.
 */
public interface FrameSource extends AutoCloseable {
  /** Opens the source; a missing or unreadable one fails with a one-line message naming it. */
  void start() throws CameraSourceException;

  /** The next picture (BGR, within the size limits), or {@code null} at the end of the stream. */
  Frame grab() throws CameraSourceException;

  /** Presentation time of the last grabbed frame in µs from the stream's start; -1 when unknown. */
  long ptsUs();

  /** The source's nominal frame rate; 0 when it does not say. */
  double frameRate();

  /** The source for logs and status: the path, or the URL without credentials. */
  String source();

  /** Whether the source is live (network stream or device): reconnected, never paced or looped. */
  boolean isLive();

  /** Closes and opens the source again: the way to replay a file or to reconnect a stream. */
  default void restart() throws CameraSourceException {
    close();
    start();
  }

  @Override
  void close();

  /** The source for {@code url}: a directory of images, or anything FFmpeg opens. */
  static FrameSource of(SourceUrl url, SourceOptions options) {
    if (url.kind() == SourceUrl.Kind.FILE && Files.isDirectory(Path.of(url.input()))) {
      return new ImageDirectorySource(Path.of(url.input()), options);
    }
    return new CameraSource(url, options);
  }
}
