package org.segstream.postprocess.analysis;

import java.util.Arrays;

/**
 * Counts 4-connected regions per class from row segments in one pass. A segment takes the label of
 * the first segment of its class above that shares a column; only a segment with none starts a new
 * label (a new region), and a segment touching two labels merges them (union-find over labels, so
 * the forest is as small as the number of regions started, not the number of segments). With
 * {@code wraps}, a row's first and last segments touch across the 0°/360° seam of a panorama.
 * Region counts are kept as segments arrive, so nothing is walked again at the end.
 */
final class BlobCounter implements SegmentSink {
  private final boolean wraps;
  private final int width;
  // Per label: its parent in the union-find forest.
  private int[] parent = new int[256];
  private int count;
  private final long[] regions = new long[256];
  private final long[] pixels = new long[256];
  // Segments of the previous and current row as two arrays: the end column, and the label shifted
  // left 8 bits with the class in the low byte (a long: a noise mask of 33 M pixels can start more
  // labels than 24 bits hold). Segments tile a row from column 0, so a segment starts where the one
  // before it ends; two arrays instead of four keep the hot loop's loads close together.
  private int[] prevEnd;
  private long[] prevLabel;
  private int prevSize;
  private int[] curEnd;
  private long[] curLabel;
  private int curSize;
  private int curRow = -1;
  // First segment of the row above that may still touch the current one: segments arrive left to
  // right, so one ending at or before this segment's start touches no later one either.
  private int scan;

  BlobCounter(int width, boolean wraps) {
    this.width = width;
    this.wraps = wraps;
    prevEnd = new int[width];
    prevLabel = new long[width];
    curEnd = new int[width];
    curLabel = new long[width];
  }

  /** Columns {@code [from, to)} of {@code row}; a row's segments come left to right from column 0. */
  @Override
  public void segment(int row, int from, int to, int cls) {
    if (row != curRow) {
      endRow();
      curRow = row;
    }
    pixels[cls] += to - from;
    int k = curSize++;
    curEnd[k] = to;
    int label = sameAsAbove(k, from, to, cls) ? find((int) (prevLabel[k] >>> 8)) : connect(from, to, cls);
    curLabel[k] = (long) label << 8 | cls;
  }

  /**
   * The common case of a scene whose rows change little: the segment at the same index of the row
   * above has this class, overlaps this segment, and this segment reaches no further than that
   * one's neighbours (which have other classes, runs being maximal), so it touches nothing else of
   * its class above. Tested without loops, so the branches are predictable; the general case is
   * {@link #connect}.
   */
  private boolean sameAsAbove(int k, int from, int to, int cls) {
    int n = prevSize;
    return k < n && (prevLabel[k] & 0xff) == cls && from < prevEnd[k] && (k == 0 || to > prevEnd[k - 1])
        && (k < 2 || from >= prevEnd[k - 2]) && (k + 1 == n || to <= prevEnd[k + 1]);
  }

  /** Joins a segment to every segment of its class above that it overlaps; a new label if none. */
  private int connect(int from, int to, int cls) {
    int n = prevSize;
    int[] aboveEnd = prevEnd;
    int i = scan;
    while (i < n && aboveEnd[i] <= from) {
      i++;
    }
    scan = i;
    int label = -1;
    for (; i < n && (i == 0 ? 0 : aboveEnd[i - 1]) < to; i++) {
      long above = prevLabel[i];
      if ((above & 0xff) == cls) {
        int root = find((int) (above >>> 8));
        label = label < 0 || label == root ? root : union(label, root, cls);
      }
    }
    return label < 0 ? newLabel(cls) : label;
  }

  /** Pixels per class id (array of 256) of the segments given. */
  long[] pixelsPerClass() {
    return pixels.clone();
  }

  /** Regions per class id (array of 256), once every segment has been given. */
  long[] blobsPerClass() {
    endRow();
    return regions.clone();
  }

  private void endRow() {
    int last = curSize - 1;
    if (last > 0 && wraps && curEnd[last] == width && (curLabel[0] & 0xff) == (curLabel[last] & 0xff)) {
      union((int) (curLabel[0] >>> 8), (int) (curLabel[last] >>> 8), (int) (curLabel[0] & 0xff));
    }
    int[] swapEnds = prevEnd;
    prevEnd = curEnd;
    curEnd = swapEnds;
    long[] swapLabels = prevLabel;
    prevLabel = curLabel;
    curLabel = swapLabels;
    prevSize = curSize;
    curSize = 0;
    scan = 0;
  }

  private int newLabel(int cls) {
    if (count == parent.length) {
      parent = Arrays.copyOf(parent, count * 2);
    }
    parent[count] = count;
    regions[cls]++;
    return count++;
  }

  private int find(int x) {
    int[] p = parent;
    while (p[x] != x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  /** Merges the regions of two labels of one class; returns the surviving root. */
  private int union(int a, int b, int cls) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return ra;
    }
    regions[cls]--;
    int root = Math.min(ra, rb);
    parent[Math.max(ra, rb)] = root;
    return root;
  }
}
