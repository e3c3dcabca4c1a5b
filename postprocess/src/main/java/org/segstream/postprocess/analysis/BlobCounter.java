package org.segstream.postprocess.analysis;

import java.util.Arrays;

/**
 * Counts 4-connected regions per class from row segments: a segment joins the segments of the row
 * above that share a column and its class (union-find over segments, one pass). With
 * {@code wraps}, a row's first and last segments touch across the 0°/360° seam of a panorama.
 */
final class BlobCounter implements SegmentSink {
  private final boolean wraps;
  private final int width;
  private int[] parent = new int[256];
  private int[] segmentClass = new int[256];
  private int count;
  // Segments of the previous and current row: start column, end column, id; parallel arrays.
  private int[] prev = new int[96];
  private int prevSize;
  private int[] cur = new int[96];
  private int curSize;
  private int curRow = -1;
  // First segment of the row above that may still touch the current one: segments arrive left to
  // right, so one ending at or before this segment's start touches no later one either.
  private int scan;

  BlobCounter(int width, boolean wraps) {
    this.width = width;
    this.wraps = wraps;
  }

  @Override
  public void segment(int row, int from, int to, int cls) {
    if (row != curRow) {
      endRow();
      curRow = row;
    }
    int id = newSegment(cls);
    cur = ensure(cur, curSize * 3 + 3);
    cur[curSize * 3] = from;
    cur[curSize * 3 + 1] = to;
    cur[curSize * 3 + 2] = id;
    curSize++;
    while (scan < prevSize && prev[scan * 3 + 1] <= from) {
      scan++;
    }
    for (int i = scan; i < prevSize; i++) {
      int pFrom = prev[i * 3];
      int pTo = prev[i * 3 + 1];
      if (pFrom >= to) {
        break;
      }
      if (pTo > from && segmentClass[prev[i * 3 + 2]] == cls) {
        union(id, prev[i * 3 + 2]);
      }
    }
  }

  /** Regions per class id (array of 256), once every segment has been given. */
  long[] blobsPerClass() {
    endRow();
    long[] blobs = new long[256];
    for (int i = 0; i < count; i++) {
      if (find(i) == i) {
        blobs[segmentClass[i]]++;
      }
    }
    return blobs;
  }

  private void endRow() {
    if (curSize > 1 && wraps && cur[0] == 0 && cur[(curSize - 1) * 3 + 1] == width) {
      int first = cur[2];
      int last = cur[(curSize - 1) * 3 + 2];
      if (segmentClass[first] == segmentClass[last]) {
        union(first, last);
      }
    }
    int[] swap = prev;
    prev = cur;
    prevSize = curSize;
    cur = swap;
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
    return count++;
  }

  private int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private static int[] ensure(int[] array, int size) {
    return array.length >= size ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
  }
}
