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
  // Segments of the previous and current row: start column, end column, label, class; parallel
  // arrays of at most one segment per column. The class is kept beside the label so the overlap
  // test reads it directly, not through the label (the hot loop's one dependent load less).
  private int[] prevFrom;
  private int[] prevTo;
  private int[] prevId;
  private int[] prevCls;
  private int prevSize;
  private int[] curFrom;
  private int[] curTo;
  private int[] curId;
  private int[] curCls;
  private int curSize;
  private int curRow = -1;
  // First segment of the row above that may still touch the current one: segments arrive left to
  // right, so one ending at or before this segment's start touches no later one either.
  private int scan;

  BlobCounter(int width, boolean wraps) {
    this.width = width;
    this.wraps = wraps;
    prevFrom = new int[width];
    prevTo = new int[width];
    prevId = new int[width];
    prevCls = new int[width];
    curFrom = new int[width];
    curTo = new int[width];
    curId = new int[width];
    curCls = new int[width];
  }

  @Override
  public void segment(int row, int from, int to, int cls) {
    if (row != curRow) {
      endRow();
      curRow = row;
    }
    pixels[cls] += to - from;
    int k = curSize++;
    curFrom[k] = from;
    curTo[k] = to;
    curCls[k] = cls;
    curId[k] = sameAsAbove(k, from, to, cls) ? find(prevId[k]) : connect(from, to, cls);
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
    return k < n && prevCls[k] == cls && from < prevTo[k] && to > prevFrom[k]
        && (k == 0 || from >= prevFrom[k - 1]) && (k + 1 == n || to <= prevTo[k + 1]);
  }

  /** Joins a segment to every segment of its class above that it overlaps; a new label if none. */
  private int connect(int from, int to, int cls) {
    int n = prevSize;
    int[] aboveTo = prevTo;
    int i = scan;
    while (i < n && aboveTo[i] <= from) {
      i++;
    }
    scan = i;
    int[] aboveFrom = prevFrom;
    int[] aboveCls = prevCls;
    int label = -1;
    for (; i < n && aboveFrom[i] < to; i++) {
      if (aboveCls[i] == cls) {
        int root = find(prevId[i]);
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
    if (curSize > 1 && wraps && curFrom[0] == 0 && curTo[curSize - 1] == width) {
      int cls = curCls[0];
      if (cls == curCls[curSize - 1]) {
        union(curId[0], curId[curSize - 1], cls);
      }
    }
    int[] swap = prevFrom;
    prevFrom = curFrom;
    curFrom = swap;
    swap = prevTo;
    prevTo = curTo;
    curTo = swap;
    swap = prevId;
    prevId = curId;
    curId = swap;
    swap = prevCls;
    prevCls = curCls;
    curCls = swap;
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
