package org.segstream.client.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Colour masks and frame + mask overlays. The class map is scaled to the output by nearest
 * neighbour at pixel centres (a class index has no meaningful average) and blended as
 * {@code out = frame * (1 - alpha) + colour * alpha} per channel, in integers.
 */
public final class OverlayRenderer {
  private final Palette palette;
  private final int alpha256;

  /** @param alpha the mask's opacity over the frame, 0..1 */
  public OverlayRenderer(Palette palette, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be within 0..1, was " + alpha);
    }
    this.palette = palette;
    this.alpha256 = (int) Math.round(alpha * 256);
  }

  /** The mask in its label set's colours at {@code width x height}. */
  public BufferedImage colourMask(MaskImage mask, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] dst = pixels(out);
    int[] columns = sourceColumns(mask, width);
    byte[] classes = mask.classes();
    for (int y = 0; y < height; y++) {
      int row = sourceRow(mask, y, height);
      int base = y * width;
      for (int x = 0; x < width; x++) {
        dst[base + x] = palette.rgb(classes[row + columns[x]]);
      }
    }
    return out;
  }

  /** The mask blended over the frame, at the frame's size. */
  public BufferedImage overlay(BufferedImage frame, MaskImage mask) {
    int width = frame.getWidth();
    int height = frame.getHeight();
    BufferedImage out = FrameImages.toIntRgb(frame, true);
    int[] dst = pixels(out);
    int[] columns = sourceColumns(mask, width);
    byte[] classes = mask.classes();
    int keep = 256 - alpha256;
    // Per class, its colour already multiplied by alpha: one multiply per channel per pixel is left.
    int[] red = new int[256];
    int[] green = new int[256];
    int[] blue = new int[256];
    for (int c = 0; c < 256; c++) {
      int rgb = palette.rgb(c);
      red[c] = ((rgb >> 16) & 0xff) * alpha256;
      green[c] = ((rgb >> 8) & 0xff) * alpha256;
      blue[c] = (rgb & 0xff) * alpha256;
    }
    for (int y = 0; y < height; y++) {
      int row = sourceRow(mask, y, height);
      int base = y * width;
      for (int x = 0; x < width; x++) {
        int cls = classes[row + columns[x]] & 0xff;
        int f = dst[base + x];
        int r = (((f >> 16) & 0xff) * keep + red[cls]) >> 8;
        int g = (((f >> 8) & 0xff) * keep + green[cls]) >> 8;
        int b = ((f & 0xff) * keep + blue[cls]) >> 8;
        dst[base + x] = r << 16 | g << 8 | b;
      }
    }
    return out;
  }

  /** For each output column, the mask column under its centre (the worker's frame-resolution masks sample so). */
  private static int[] sourceColumns(MaskImage mask, int width) {
    int[] columns = new int[width];
    for (int x = 0; x < width; x++) {
      columns[x] = centre(x, mask.width(), width);
    }
    return columns;
  }

  /** Index of the first pixel of the mask row under the centre of output row {@code y}. */
  private static int sourceRow(MaskImage mask, int y, int height) {
    return centre(y, mask.height(), height) * mask.width();
  }

  /** The source index whose pixel contains the centre of output pixel {@code i}. */
  private static int centre(int i, int sourceSize, int targetSize) {
    return (int) (((2L * i + 1) * sourceSize) / (2L * targetSize));
  }

  static int[] pixels(BufferedImage intRgb) {
    return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
  }
}
