package org.segstream.postprocess.analysis;

import org.segstream.proto.MaskCodec;

/** Cuts a decoded class map into rows of maximal segments, as {@link MaskCodec#forEachRow} does RLE data. */
final class RowSegments {
  private RowSegments() {}

  /** From a row-major class map of {@code width * height} bytes, in the caller's arrays of at least {@code width}. */
  static void ofMap(byte[] map, int width, int height, int[] ends, int[] classes, MaskCodec.RowVisitor sink) {
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
