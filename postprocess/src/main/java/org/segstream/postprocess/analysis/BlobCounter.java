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
  // Per label: its parent in the union-find forest and its class.
  private int[] parent = new int[256];
  private int[] segmentClass = new int[256];
  private int count;
  private final long[] regions = new long[256];
  private final long[] pixels = new long[256];
  // Segments of the previous and current row: start column, end column, label; parallel arrays
  // of at most one segment per column.
  private int[] prevFrom;
  private int[] prevTo;
  private int[] prevId;
  private int prevSize;
  private int[] curFrom;
  private int[] curTo;
  private int[] curId;
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
    curFrom = new int[width];
    curTo = new int[width];
    curId = new int[width];
  }

  @Override
  public void segment(int row, int from, int to, int cls) {
    if (row != curRow) {
      endRow();
      curRow = row;
    }
    pixels[cls] += to - from;
    int i = scan;
    while (i < prevSize && prevTo[i] <= from) {
      i++;
    }
    scan = i;
    int label = -1;
    for (; i < prevSize && prevFrom[i] < to; i++) {
      int other = prevId[i];
      if (segmentClass[other] == cls) {
        label = label < 0 ? find(other) : union(label, other, cls);
      }
    }
    curFrom[curSize] = from;
    curTo[curSize] = to;
    curId[curSize] = label < 0 ? newLabel(cls) : label;
    curSize++;
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
      int first = curId[0];
      int last = curId[curSize - 1];
      if (segmentClass[first] == segmentClass[last]) {
        union(first, last, segmentClass[first]);
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
    prevSize = curSize;
    curSize = 0;
    scan = 0;
  }

  private int newLabel(int cls) {
    if (count == parent.length) {
      parent = Arrays.copyOf(parent, count * 2);
      segmentClass = Arrays.copyOf(segmentClass, count * 2);
    }
    parent[count] = count;
    segmentClass[count] = cls;
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
