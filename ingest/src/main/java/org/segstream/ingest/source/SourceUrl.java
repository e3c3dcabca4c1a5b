package org.segstream.ingest.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a camera's video comes from, parsed from the fleet file's {@code url}: a file path or
 * {@code file:} URL (a file, or a directory of images), a network URL FFmpeg opens (rtsp, http(s)
 * incl. HLS playlists, srt, rtmp, udp, tcp), or a V4L2 device ({@code /dev/videoN} or
 * {@code v4l2:///dev/videoN}).
 *
 * @param url the text as configured
 * @param kind what kind of source it is
 * @param input what FFmpeg opens: the path, URL or device path
 */
public record SourceUrl(String url, Kind kind, String input) {
  /** What a source is; decides timeouts, reconnects and how the end of a stream is read. */
  public enum Kind {
    /** A file or a directory of images on this machine: it ends, and may loop. */
    FILE,
    /** A network stream: read with timeouts, reconnected when it drops. */
    NETWORK,
    /** A local capture device read through FFmpeg's v4l2 input: reconnected when it drops. */
    DEVICE
  }

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", Pattern.DOTALL);
  private static final Pattern DEVICE_PATH = Pattern.compile("/dev/video\\d+");
  private static final Set<String> NETWORK = Set.of("rtsp", "rtsps", "http", "https", "srt", "rtmp", "rtmps",
      "udp", "tcp");
  /** Query parameters that carry secrets (SRT passphrases, signed HLS URLs). */
  private static final Pattern SECRET_PARAM =
      Pattern.compile("(?i)([?&](?:passphrase|password|pass|pwd|token|key|secret|signature)=)[^&]*");

  /**
   * Parses {@code url}; a malformed or unsupported one fails with a message (without the
   * camera, which the caller adds) that says what is wrong.
   */
  public static SourceUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("is required (a file path, directory, or rtsp/http(s)/srt/v4l2 URL)");
    }
    String text = url.trim();
    Matcher m = SCHEME.matcher(text);
    if (!m.matches()) {
      return DEVICE_PATH.matcher(text).matches()
          ? new SourceUrl(text, Kind.DEVICE, text) : new SourceUrl(text, Kind.FILE, text);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String rest = m.group(2);
    if (scheme.equals("file")) {
      return new SourceUrl(text, Kind.FILE, filePath(text, rest));
    }
    if (scheme.equals("v4l2")) {
      String device = rest.replaceFirst("^//", "");
      if (!device.startsWith("/dev/")) {
        throw new IllegalArgumentException("'" + text + "' is not a V4L2 device (use v4l2:///dev/videoN)");
      }
      return new SourceUrl(text, Kind.DEVICE, device);
    }
    if (!NETWORK.contains(scheme)) {
      throw new IllegalArgumentException("'" + redact(text) + "' has an unsupported scheme '" + scheme
          + "' (use a file path, file:, rtsp, rtsps, http(s), srt, rtmp(s), udp, tcp or v4l2)");
    }
    checkHost(text);
    return new SourceUrl(text, Kind.NETWORK, text);
  }

  private static String filePath(String text, String rest) {
    if (rest.startsWith("//")) {
      try {
        return Path.of(new URI(text)).toString();
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a valid file URL: " + e.getMessage(), e);
      }
    }
    if (rest.isBlank()) {
      throw new IllegalArgumentException("'" + text + "' names no file");
    }
    return rest;
  }

  private static void checkHost(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + redact(text) + "' is not a valid URL: " + e.getReason(), e);
    }
    // A host the URI grammar rejects (underscores, say) still shows in the authority.
    String host = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("'" + redact(text) + "' has no host");
    }
  }

  /** Whether the source is live (a stream or device) rather than a file that ends. */
  public boolean isLive() {
    return kind != Kind.FILE;
  }

  /** The URL without user:password and with secret query values masked, for logs and status. */
  public String redacted() {
    return redact(url);
  }

  /** {@link #redacted()} for any text, parsed or not. */
  public static String redact(String text) {
    if (text == null) {
      return "";
    }
    String noUser = text.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1");
    return SECRET_PARAM.matcher(noUser).replaceAll("$1***");
  }
}
