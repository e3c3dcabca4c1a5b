package org.segstream.postprocess.analysis;

import org.segstream.proto.MaskCodec;

/** Cuts a class map into row segments: maximal runs of one class within one row. */
final class RowSegments {
  private RowSegments() {}

  /** From RLE data, whose runs may span rows: each run is cut at the row ends it crosses. */
  static void ofRle(byte[] data, int width, int height, SegmentSink sink) {
    MaskCodec.forEachRun(data, width, height, (cls, from, length) -> {
      int pixel = from;
      int end = from + length;
      while (pixel < end) {
        int row = pixel / width;
        int col = pixel - row * width;
        int to = Math.min(width, col + (end - pixel));
        sink.segment(row, col, to, cls & 0xff);
        pixel += to - col;
      }
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
