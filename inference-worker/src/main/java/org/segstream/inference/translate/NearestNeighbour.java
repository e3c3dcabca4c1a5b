package org.segstream.inference.translate;


/** Nearest-neighbour scaling of class maps: class indices must not be blended. */
public final class NearestNeighbour {
  private NearestNeighbour() {}

  /** {@code map} at {@code width × height}; each output pixel takes the source pixel under its centre. */
  public static ClassMap scale(ClassMap map, int width, int height) {
    if (map.width() == width && map.height() == height) {
      return map;
    }
    int[] sourceColumn = new int[width];
    for (int x = 0; x < width; x++) {
      sourceColumn[x] = centre(x, map.width(), width);
    }
    byte[] in = map.classes();
    byte[] out = new byte[width * height];
    int previous = -1;
    for (int y = 0; y < height; y++) {
      int sy = centre(y, map.height(), height);
      int row = y * width;
      if (sy == previous) {
        // Upscaling repeats source rows: copy the row just written.
        System.arraycopy(out, row - width, out, row, width);
        continue;
      }
      int source = sy * map.width();
      for (int x = 0; x < width; x++) {
        out[row + x] = in[source + sourceColumn[x]];
      }
      previous = sy;
    }
    return new ClassMap(width, height, out);
  }

  /** The source index whose pixel contains the centre of output pixel {@code i}. */
  private static int centre(int i, int sourceSize, int targetSize) {
    return (int) (((2L * i + 1) * sourceSize) / (2L * targetSize));
  }
}
