package org.segstream.client.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Colour masks and frame + mask overlays. The class map is scaled to the output by nearest
 * neighbour (a class index has no meaningful average) and blended as
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
    forEachScaled(mask, width, height, (i, cls) -> dst[i] = palette.rgb(cls));
    return out;
  }

  /** The mask blended over the frame, at the frame's size. */
  public BufferedImage overlay(BufferedImage frame, MaskImage mask) {
    int width = frame.getWidth();
    int height = frame.getHeight();
    BufferedImage out = FrameImages.toIntRgb(frame, true);
    int[] dst = pixels(out);
    int keep = 256 - alpha256;
    forEachScaled(mask, width, height, (i, cls) -> {
      int f = dst[i];
      int c = palette.rgb(cls);
      int r = (((f >> 16) & 0xff) * keep + ((c >> 16) & 0xff) * alpha256) >> 8;
      int g = (((f >> 8) & 0xff) * keep + ((c >> 8) & 0xff) * alpha256) >> 8;
      int b = ((f & 0xff) * keep + (c & 0xff) * alpha256) >> 8;
      dst[i] = r << 16 | g << 8 | b;
    });
    return out;
  }

  private interface PixelSink {
    void pixel(int index, int classId);
  }

  /** Visits every output pixel with the class of the mask pixel it falls in. */
  private static void forEachScaled(MaskImage mask, int width, int height, PixelSink sink) {
    int[] sourceColumn = new int[width];
    for (int x = 0; x < width; x++) {
      sourceColumn[x] = (int) ((long) x * mask.width() / width);
    }
    byte[] classes = mask.classes();
    for (int y = 0; y < height; y++) {
      int row = (int) ((long) y * mask.height() / height) * mask.width();
      int base = y * width;
      for (int x = 0; x < width; x++) {
        sink.pixel(base + x, classes[row + sourceColumn[x]] & 0xff);
      }
    }
  }

  static int[] pixels(BufferedImage intRgb) {
    return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
  }
}
