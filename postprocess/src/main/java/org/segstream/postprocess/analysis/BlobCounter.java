package org.segstream.postprocess.analysis;

import java.util.Arrays;
import org.segstream.proto.MaskCodec;

/**
 * Counts 4-connected regions per class from a class map's rows of segments in one pass. A segment
 * takes the label of the first segment of its class above that shares a column; only a segment
 * with none starts a new label (a new region), and a segment touching two labels merges them
 * (union-find over labels, so the forest is as small as the number of regions started, not the
 * number of segments). With {@code wraps}, a row's first and last segments touch across the
 * 0°/360° seam of a panorama. Region counts are kept as rows arrive, so nothing is walked again at
 * the end.
 */
final class BlobCounter implements MaskCodec.RowVisitor {
  private boolean wraps;
  // Per label: its parent in the union-find forest.
  private int[] parent = new int[256];
  private int count;
  private final long[] regions = new long[256];
  private final long[] pixels = new long[256];
  // The row above: its segments' ends, and per segment its label shifted left 8 bits with the
  // class in the low byte (a long: a noise mask of 33 M pixels can start more labels than 24 bits
  // hold). A stored label need not be its region's root: every use goes through find. The ends
  // sit two places on (segment i's at i + 2) between sentinels: two below every column before
  // them and one above every column after the last, so a segment's neighbours above can be
  // looked up without asking whether they exist.
  private int[] aboveEnd = new int[0];
  private long[] aboveLabel = new long[0];
  private int aboveCount;
  private long[] rowLabel = new long[0];
  // The last segment above that connect joined a segment to, or -1 if it joined none.
  private int joined;

  /**
   * Readies the counter for a map of {@code width} columns, forgetting the one counted before but
   * keeping its arrays: the postprocessor counts one map per mask on each thread.
   */
  void reset(int width, boolean wraps) {
    this.wraps = wraps;
    if (aboveEnd.length < width + 3) {
      aboveEnd = new int[width + 3];
      aboveEnd[0] = Integer.MIN_VALUE;
      aboveEnd[1] = Integer.MIN_VALUE;
      aboveLabel = new long[width];
      rowLabel = new long[width];
    }
    aboveCount = 0;
    count = 0;
    Arrays.fill(regions, 0);
    Arrays.fill(pixels, 0);
  }

  @Override
  public void row(int row, int[] ends, int[] classes, int n) {
    int[] e = aboveEnd;
    long[] up = aboveLabel;
    int upCount = aboveCount;
    long[] labels = rowLabel;
    long[] px = pixels;
    int from = 0;
    // First segment above that may still touch this one: one ending at or before this segment's
    // start touches no later segment of this row either.
    int scan = 0;
    // Where this row's segments sit above: segment k's likely partner is segment k + shift above.
    // A region starting or ending in a row shifts the rest of it by one or more, so shift follows
    // the last segment joined the slow way (slow segments of street masks: 15 % without, 4 % with).
    int shift = 0;
    for (int k = 0; k < n; k++) {
      int to = ends[k];
      int cls = classes[k];
      px[cls] += to - from;
      // The common case of a scene whose rows change little: the partner above has this class,
      // overlaps this one, and this one reaches neither of the segments beyond its neighbours
      // above (which have other classes, segments being maximal), so it touches nothing else of
      // its class above. No loop, no find; the tests are joined with & (the sentinels keep them
      // in bounds), one branch instead of six.
      int j = k + shift;
      if (j >= 0 && j < upCount) {
        long u = up[j];
        if (((int) (u & 0xff) == cls) & (from < e[j + 2]) & (to > e[j + 1]) & (from >= e[j]) & (to <= e[j + 3])) {
          labels[k] = u;
          from = to;
          continue;
        }
      }
      while (scan < upCount && e[scan + 2] <= from) {
        scan++;
      }
      labels[k] = (long) connect(e, up, upCount, scan, to, cls) << 8 | cls;
      if (joined >= 0) {
        shift = joined - k;
      }
      from = to;
    }
    if (wraps && n > 1 && (labels[0] & 0xff) == (labels[n - 1] & 0xff)) {
      union((int) (labels[0] >>> 8), (int) (labels[n - 1] >>> 8), (int) (labels[0] & 0xff));
    }
    System.arraycopy(ends, 0, e, 2, n);
    e[n + 2] = Integer.MAX_VALUE;
    aboveLabel = labels;
    rowLabel = up;
    aboveCount = n;
  }

  /**
   * Joins a segment ending at {@code to} to every segment of its class above it overlaps, from
   * {@code first} on; a new label if none.
   */
  private int connect(int[] e, long[] up, int upCount, int first, int to, int cls) {
    int label = -1;
    joined = -1;
    for (int i = first; i < upCount && e[i + 1] < to; i++) {
      long above = up[i];
      if ((above & 0xff) == cls) {
        int root = find((int) (above >>> 8));
        joined = i;
        label = label < 0 || label == root ? root : union(label, root, cls);
      }
    }
    return label < 0 ? newLabel(cls) : label;
  }

  /** Pixels of class {@code cls} in the rows given. */
  long pixels(int cls) {
    return pixels[cls];
  }

  /** Regions of class {@code cls} in the rows given. */
  long blobs(int cls) {
    return regions[cls];
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
