package org.segstream.ingest.source;

/**
 * How a source is opened and what size its frames come out at.
 *
 * @param connectTimeoutMs how long opening a network source may take
 * @param readTimeoutMs how long one read on a network source may block
 * @param maxWidth frames wider are downscaled to fit, aspect kept; 0 = no limit
 * @param maxHeight frames taller are downscaled to fit, aspect kept; 0 = no limit
 * @param imageFps the frame rate given to a directory of images, which has none of its own
 * @param rtspTransport {@code tcp} or {@code udp}
 */
public record SourceOptions(int connectTimeoutMs, int readTimeoutMs, int maxWidth, int maxHeight, double imageFps,
    String rtspTransport) {
  /** 5 s timeouts, no size limit, images at 1 frame/s, RTSP over TCP. */
  public static final SourceOptions DEFAULT = new SourceOptions(5000, 5000, 0, 0, 1, "tcp");

  /**
   * The size a {@code width × height} picture is scaled to so that it fits the limits, aspect
   * kept, even dimensions (what video encoders and chroma subsampling expect); the input itself
   * when it already fits.
   */
  public int[] fit(int width, int height) {
    double scale = 1;
    if (maxWidth > 0 && width > maxWidth) {
      scale = Math.min(scale, (double) maxWidth / width);
    }
    if (maxHeight > 0 && height > maxHeight) {
      scale = Math.min(scale, (double) maxHeight / height);
    }
    if (scale >= 1) {
      return new int[] {width, height};
    }
    int w = Math.max(2, (int) Math.floor(width * scale / 2) * 2);
    int h = Math.max(2, (int) Math.floor(height * scale / 2) * 2);
    return new int[] {w, h};
  }
}
