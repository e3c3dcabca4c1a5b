package org.segstream.ingest.source;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file or stream read frame by frame with FFmpeg. {@link #grab()} returns frames whose
 * pixel buffer FFmpeg reuses: encode or copy a frame before the next {@code grab()}.
 * Not thread-safe: one per camera thread.
 */
public final class CameraSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraSource.class);
  /** A read on a network stream that blocks longer than this fails, so a dead camera is noticed. */
  private static final String NETWORK_TIMEOUT_US = "15000000";
  private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-?\\d{1,9})\\b");

  static {
    // JavaCV reports through JavaCPP's logger, which writes to stderr unless told to use SLF4J;
    // this must be set before the first JavaCV class loads.
    System.getProperties().putIfAbsent("org.bytedeco.javacpp.logger", "slf4j");
    // FFmpeg's own logging (stream dumps, encoder chatter) goes straight to stderr: keep errors only.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final String source;
  private final boolean live;
  private FFmpegFrameGrabber grabber;
  private long ptsUs = -1;

  /**
   * @param source a file path, or a URL of a live stream
   * @param live whether {@code source} is a network stream (read timeouts apply, no file checks)
   */
  public CameraSource(String source, boolean live) {
    this.source = source;
    this.live = live;
  }

  /** Opens the source; a missing or unreadable one fails with a one-line message naming it. */
  public void start() throws CameraSourceException {
    if (grabber != null) {
      return;
    }
    if (!live) {
      checkFile();
    }
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
    if (live) {
      g.setOption("rw_timeout", NETWORK_TIMEOUT_US);
      if (source.regionMatches(true, 0, "rtsp:", 0, 5)) {
        // Interleaved TCP: UDP loses packets under load and shows as smeared frames.
        g.setOption("rtsp_transport", "tcp");
      }
    }
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      releaseQuietly(g, e);
      throw new CameraSourceException("cannot open camera source " + source + ": " + reason(e), e);
    }
    grabber = g;
    ptsUs = -1;
  }

  /**
   * The next video frame, or {@code null} at the end of the stream. Its buffer is valid until the
   * next call.
   */
  public Frame grab() throws CameraSourceException {
    if (grabber == null) {
      throw new IllegalStateException("camera source " + source + " is not started");
    }
    Frame frame;
    try {
      frame = grabber.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new CameraSourceException("cannot read camera source " + source + ": " + reason(e), e);
    }
    ptsUs = frame == null ? -1 : frame.timestamp;
    return frame;
  }

  /** Presentation time of the last grabbed frame in µs from the stream's start; -1 when unknown. */
  public long ptsUs() {
    return ptsUs;
  }

  /** The source's nominal frame rate; 0 when it does not say. */
  public double frameRate() {
    double rate = grabber == null ? 0 : grabber.getVideoFrameRate();
    return Double.isFinite(rate) && rate > 0 ? rate : 0;
  }

  /** The source as given: a path or a URL. */
  public String source() {
    return source;
  }

  /** Whether the source is a live network stream. */
  public boolean isLive() {
    return live;
  }

  /** Closes and opens the source again: the way to replay a file or to reconnect a stream. */
  public void restart() throws CameraSourceException {
    close();
    start();
  }

  @Override
  public void close() {
    if (grabber != null) {
      FFmpegFrameGrabber g = grabber;
      grabber = null;
      releaseQuietly(g, null);
    }
  }

  private void checkFile() throws CameraSourceException {
    Path path = localPath();
    if (!Files.exists(path)) {
      throw new CameraSourceException("camera source file not found: " + path.toAbsolutePath());
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new CameraSourceException("camera source is not a readable file: " + path.toAbsolutePath());
    }
  }

  private Path localPath() {
    if (source.regionMatches(true, 0, "file://", 0, 7)) {
      return Path.of(URI.create(source));
    }
    return Path.of(source.regionMatches(true, 0, "file:", 0, 5) ? source.substring(5) : source);
  }

  private void releaseQuietly(FFmpegFrameGrabber g, Exception primary) {
    try {
      g.release();
    } catch (FrameGrabber.Exception e) {
      // Already failing or closing: the primary error (if any) is what the caller needs to see.
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        LOG.warn("closing camera source {} failed: {}", source, e.getMessage());
      }
    }
  }

  /**
   * FFmpeg's text for the error code in JavaCV's message; JavaCV appends generic advice that would
   * turn a one-line error into a paragraph.
   */
  static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    Matcher m = FFMPEG_ERROR.matcher(message);
    if (m.find()) {
      int code = Integer.parseInt(m.group(1));
      byte[] text = new byte[256];
      if (avutil.av_strerror(code, text, text.length) == 0) {
        int end = 0;
        while (end < text.length && text[end] != 0) {
          end++;
        }
        return new String(text, 0, end, StandardCharsets.UTF_8) + " (ffmpeg error " + code + ")";
      }
    }
    int cut = message.indexOf(" (");
    return (cut > 0 ? message.substring(0, cut) : message).lines().findFirst().orElse(message);
  }
}
