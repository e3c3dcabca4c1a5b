package org.segstream.postprocess.analysis;

import java.util.Arrays;

/**
 * Counts 4-connected regions per class from row segments: a segment joins the segments of the row
 * above that share a column and its class (union-find over segments, one pass). With
 * {@code wraps}, a row's first and last segments touch across the 0°/360° seam of a panorama.
 * Each new segment is a region of its class until a union merges two: the counts are kept as the
 * segments arrive, so nothing is walked again at the end.
 */
final class BlobCounter implements SegmentSink {
  private final boolean wraps;
  private final int width;
  private int[] parent = new int[1024];
  private int[] segmentClass = new int[1024];
  private int count;
  private final long[] regions = new long[256];
  // Segments of the previous and current row: start column, end column, id; parallel arrays of
  // at most one segment per column.
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
    int id = newSegment(cls);
    curFrom[curSize] = from;
    curTo[curSize] = to;
    curId[curSize] = id;
    curSize++;
    int i = scan;
    while (i < prevSize && prevTo[i] <= from) {
      i++;
    }
    scan = i;
    for (; i < prevSize && prevFrom[i] < to; i++) {
      int other = prevId[i];
      if (segmentClass[other] == cls) {
        union(id, other, cls);
      }
    }
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

  private int newSegment(int cls) {
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

  private void union(int a, int b, int cls) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
      regions[cls]--;
    }
  }
}
