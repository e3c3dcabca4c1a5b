package org.segstream.ingest.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file, network stream or V4L2 device read frame by frame with FFmpeg. Frames larger than
 * the options allow are scaled down by FFmpeg's converter as it turns them into BGR, in the same
 * pass. {@link #grab()} returns frames whose pixel buffer FFmpeg reuses: encode or copy a frame
 * before the next {@code grab()}. Not thread-safe: one per camera thread.
 */
public final class CameraSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(CameraSource.class);
  private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-?\\d{1,10})\\b");

  static {
    // JavaCV reports through JavaCPP's logger, which writes to stderr unless told to use SLF4J;
    // this must be set before the first JavaCV class loads.
    System.getProperties().putIfAbsent("org.bytedeco.javacpp.logger", "slf4j");
    // FFmpeg's own logging (stream dumps, encoder chatter) goes straight to stderr: keep errors only.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final SourceUrl url;
  private final SourceOptions options;
  private FFmpegFrameGrabber grabber;
  private long ptsUs = -1;

  public CameraSource(SourceUrl url, SourceOptions options) {
    this.url = url;
    this.options = options;
  }

  /** A file or URL with the default options (tests, benchmarks). */
  public CameraSource(String source) {
    this(SourceUrl.parse(source), SourceOptions.DEFAULT);
  }

  @Override
  public void start() throws CameraSourceException {
    if (grabber != null) {
      return;
    }
    if (url.kind() == SourceUrl.Kind.FILE) {
      checkFile();
    }
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(url.input());
    configure(g);
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      releaseQuietly(g, e);
      throw new CameraSourceException("cannot open camera source " + source() + ": " + reason(e), e);
    }
    fitSize(g);
    grabber = g;
    ptsUs = -1;
  }

  private void configure(FFmpegFrameGrabber g) {
    if (url.kind() == SourceUrl.Kind.DEVICE) {
      g.setFormat("v4l2");
    }
    if (url.kind() != SourceUrl.Kind.NETWORK) {
      return;
    }
    // FFmpeg's timeouts are in microseconds. "timeout" bounds the socket's connect and I/O in the
    // rtsp, http and tcp protocols; "rw_timeout" bounds every read whatever the protocol, so a
    // camera that stops sending is noticed instead of blocking its thread for ever.
    g.setOption("timeout", String.valueOf(options.connectTimeoutMs() * 1000L));
    g.setOption("rw_timeout", String.valueOf(options.readTimeoutMs() * 1000L));
    String scheme = url.input().substring(0, url.input().indexOf(':')).toLowerCase(java.util.Locale.ROOT);
    if (scheme.startsWith("rtsp")) {
      // TCP by default: UDP loses packets under load, which shows as smeared frames.
      g.setOption("rtsp_transport", options.rtspTransport());
    } else if (scheme.equals("srt")) {
      g.setOption("connect_timeout", String.valueOf(options.connectTimeoutMs()));
    }
  }

  /** Sets FFmpeg's output size so that frames over the limits come out scaled to fit. */
  private void fitSize(FFmpegFrameGrabber g) {
    int width = g.getImageWidth();
    int height = g.getImageHeight();
    int[] fit = options.fit(width, height);
    if (width > 0 && height > 0 && (fit[0] != width || fit[1] != height)) {
      // Area averaging: a large downscale with the default bilinear filter aliases fine detail.
      g.setImageScalingFlags(swscale.SWS_AREA);
      g.setImageWidth(fit[0]);
      g.setImageHeight(fit[1]);
      LOG.info("camera source {} is {}x{}: frames scaled to {}x{}", source(), width, height, fit[0], fit[1]);
    }
  }

  /**
   * The next video frame, or {@code null} at the end of the stream. Its buffer is valid until the
   * next call.
   */
  @Override
  public Frame grab() throws CameraSourceException {
    if (grabber == null) {
      throw new IllegalStateException("camera source " + source() + " is not started");
    }
    Frame frame;
    try {
      frame = grabber.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new CameraSourceException("cannot read camera source " + source() + ": " + reason(e), e);
    }
    ptsUs = frame == null ? -1 : frame.timestamp;
    return frame;
  }

  @Override
  public long ptsUs() {
    return ptsUs;
  }

  @Override
  public double frameRate() {
    double rate = grabber == null ? 0 : grabber.getVideoFrameRate();
    return Double.isFinite(rate) && rate > 0 ? rate : 0;
  }

  @Override
  public String source() {
    return url.redacted();
  }

  @Override
  public boolean isLive() {
    return url.isLive();
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
    return Path.of(url.input());
  }

  private void releaseQuietly(FFmpegFrameGrabber g, Exception primary) {
    try {
      g.release();
    } catch (FrameGrabber.Exception e) {
      // Already failing or closing: the primary error (if any) is what the caller needs to see.
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        LOG.warn("closing camera source {} failed: {}", source(), e.getMessage());
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
