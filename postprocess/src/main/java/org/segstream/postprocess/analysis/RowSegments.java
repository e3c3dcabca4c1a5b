package org.segstream.postprocess.analysis;

import org.segstream.proto.MaskCodec;

/** Cuts a class map into row segments: maximal runs of one class within one row. */
final class RowSegments {
  private RowSegments() {}

  /** From RLE data, whose runs may span rows: each run is cut at the row ends it crosses. */
  static void ofRle(byte[] data, int width, int height, SegmentSink sink) {
    // A cursor, not a callback per run; the position advances without a division per run.
    MaskCodec.Runs runs = MaskCodec.runs(data, width, height);
    int row = 0;
    int col = 0;
    while (runs.next()) {
      int cls = runs.classId();
      int left = runs.length();
      while (left > 0) {
        int to = Math.min(width, col + left);
        sink.segment(row, col, to, cls);
        left -= to - col;
        col = to;
        if (col == width) {
          row++;
          col = 0;
        }
      }
    }
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
