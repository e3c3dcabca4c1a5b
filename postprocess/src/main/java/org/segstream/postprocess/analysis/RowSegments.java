package org.segstream.postprocess.analysis;

import org.segstream.proto.MaskCodec;

/** Cuts a decoded class map into rows of maximal segments, as {@link MaskCodec#forEachRow} does RLE data. */
final class RowSegments {
  private RowSegments() {}

  /** From a row-major class map of {@code width * height} bytes. */
  static void ofMap(byte[] map, int width, int height, MaskCodec.RowVisitor sink) {
    int[] ends = new int[width];
    int[] classes = new int[width];
    for (int row = 0; row < height; row++) {
      int base = row * width;
      int count = 0;
      int col = 0;
      while (col < width) {
        byte cls = map[base + col];
        while (col < width && map[base + col] == cls) {
          col++;
        }
        ends[count] = col;
        classes[count++] = cls & 0xff;
      }
      sink.row(row, ends, classes, count);
    }
  }
}
