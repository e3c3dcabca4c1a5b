package org.segstream.inference.translate;

/**
 * A uint8 class map: one class index per pixel, row-major.
 *
 * @param width map width in pixels
 * @param height map height in pixels
 * @param classes {@code width * height} class indices
 */
public record ClassMap(int width, int height, byte[] classes) {
  public ClassMap {
    if ((long) width * height != classes.length) {
      throw new IllegalArgumentException(
          "class map " + width + "x" + height + " needs " + (long) width * height + " bytes, has " + classes.length);
    }
  }
}
