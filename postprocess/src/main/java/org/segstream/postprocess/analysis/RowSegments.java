package org.segstream.postprocess.analysis;

import org.segstream.proto.MaskCodec;

/** Cuts a class map into row segments: maximal runs of one class within one row. */
final class RowSegments {
  private RowSegments() {}

  /** From RLE data, whose runs may span rows: each run is cut at the row ends it crosses. */
  static void ofRle(byte[] data, int width, int height, SegmentSink sink) {
    // Runs come in pixel order, so the position advances without a division per run.
    int[] position = new int[2];
    MaskCodec.forEachRun(data, width, height, (cls, from, length) -> {
      int row = position[0];
      int col = position[1];
      int left = length;
      while (left > 0) {
        int to = Math.min(width, col + left);
        sink.segment(row, col, to, cls & 0xff);
        left -= to - col;
        col = to;
        if (col == width) {
          row++;
          col = 0;
        }
      }
      position[0] = row;
      position[1] = col;
    });
  }

  /** From a row-major class map of {@code width * height} bytes. */
  static void ofMap(byte[] map, int width, int height, SegmentSink sink) {
    for (int row = 0; row < height; row++) {
      int base = row * width;
      int col = 0;
      while (col < width) {
        byte cls = map[base + col];
        int start = col;
        while (col < width && map[base + col] == cls) {
          col++;
        }
        sink.segment(row, start, col, cls & 0xff);
      }
    }
  }
}
