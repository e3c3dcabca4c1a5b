package org.segstream.postprocess.analysis;

/** Receives a class map's row segments in row-major order; each row's segments tile it from column 0. */
interface SegmentSink {
  /** Columns {@code [from, to)} of {@code row} are class {@code cls} (0..255). */
  void segment(int row, int from, int to, int cls);
}
