package org.segstream.inference.translate;

/**
 * A frame after its translator's pixel work (resize, normalise, circular padding, tiling), ready
 * to be stacked into a batch with others of the same shape.
 *
 * @param planes {@code items × 3 × height × width} floats, NCHW, RGB
 * @param items network inputs this frame became (1, or its tiles for sliding-window inference)
 * @param height input height of each item
 * @param width input width of each item (circular padding included)
 * @param wraps whether the frame is an equirectangular panorama, padded circularly
 */
public record PreparedFrame(float[] planes, int items, int height, int width, boolean wraps) {
  public PreparedFrame {
    if ((long) items * 3 * height * width != planes.length) {
      throw new IllegalArgumentException("prepared frame of " + items + "x3x" + height + "x" + width
          + " needs " + (long) items * 3 * height * width + " floats, has " + planes.length);
    }
  }
}
