package org.segstream.proto;

import java.io.ByteArrayOutputStream;

/**
 * The lossless run-length codec of {@code MaskEncoding.MASK_RLE}: a row-major uint8 class map as
 * runs of (class byte, LEB128 run length). The byte layout is documented in {@code mask.proto}.
 */
public final class MaskCodec {

  private MaskCodec() {}

  /** Encodes {@code width * height} class indices from {@code classMap} (row-major). */
  public static byte[] encode(byte[] classMap, int width, int height) {
    int pixels = checkedPixels(width, height);
    if (classMap.length < pixels) {
      throw new IllegalArgumentException(
          "class map has " + classMap.length + " bytes, need " + pixels + " for " + width + "x" + height);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, pixels / 64));
    int i = 0;
    while (i < pixels) {
      byte cls = classMap[i];
      int start = i;
      while (i < pixels && classMap[i] == cls) {
        i++;
      }
      out.write(cls);
      writeVarint(out, i - start);
    }
    return out.toByteArray();
  }

  /** Decodes runs into a new {@code width * height} class map, rejecting malformed data. */
  public static byte[] decode(byte[] data, int width, int height) {
    byte[] map = new byte[checkedPixels(width, height)];
    forEachRow(data, width, height, (row, ends, classes, count) -> {
      int base = row * width;
      int from = 0;
      for (int k = 0; k < count; k++) {
        java.util.Arrays.fill(map, base + from, base + ends[k], (byte) classes[k]);
        from = ends[k];
      }
    });
    return map;
  }

  /**
   * Pixel count per class index (array of 256) of an RLE mask of {@code width * height} pixels,
   * without expanding it; rejects malformed data as {@link #decode} does.
   */
  public static long[] classCounts(byte[] data, int width, int height) {
    long[] counts = new long[256];
    forEachRow(data, width, height, (row, ends, classes, count) -> {
      int from = 0;
      for (int k = 0; k < count; k++) {
        counts[classes[k]] += ends[k] - from;
        from = ends[k];
      }
    });
    return counts;
  }

  /**
   * Receives a mask one row at a time as maximal segments: segment {@code k} covers columns
   * {@code [ends[k-1], ends[k])} (from column 0 for the first) and has class {@code classes[k]},
   * no two neighbours of one class. The arrays are reused for the next row.
   */
  public interface RowVisitor {
    void row(int row, int[] ends, int[] classes, int count);
  }

  /**
   * Visits the rows of an RLE mask of {@code width * height} pixels as maximal segments, cutting
   * runs at the row ends they cross and joining runs of one class that the data split; rejects
   * malformed data as {@link #decode} does (rows before the fault may have been visited). The
   * postprocessor measures every mask on it: one call per row, not per run.
   */
  public static void forEachRow(byte[] data, int width, int height, RowVisitor visitor) {
    forEachRow(data, width, height, new int[Math.max(0, width)], new int[Math.max(0, width)], visitor);
  }

  /** As {@link #forEachRow(byte[], int, int, RowVisitor)}, in the caller's arrays of at least {@code width}. */
  public static void forEachRow(byte[] data, int width, int height, int[] ends, int[] classes, RowVisitor visitor) {
    forEachRow(data, data.length, width, height, ends, classes, visitor);
  }

  /**
   * As {@link #forEachRow(byte[], int, int, int[], int[], RowVisitor)}, on the first {@code size}
   * bytes of {@code data}: for a caller reusing one buffer for masks of different sizes.
   */
  public static void forEachRow(byte[] data, int size, int width, int height, int[] ends, int[] classes,
      RowVisitor visitor) {
    if (size < 0 || size > data.length) {
      throw new IllegalArgumentException("data size " + size + " outside a buffer of " + data.length);
    }
    int pixels = checkedPixels(width, height);
    if (ends.length < width || classes.length < width) {
      throw new IllegalArgumentException("row arrays of " + ends.length + " and " + classes.length
          + " entries cannot hold a row of " + width);
    }
    int count = 0;
    int row = 0;
    int col = 0;
    int filled = 0;
    int pos = 0;
    // The reader's state stays in these locals: a cursor object's fields, or a helper returning a
    // packed length and position, cost this loop twice the time.
    while (pos < size) {
      int cls = data[pos++] & 0xff;
      long length;
      if (pos < size && data[pos] >= 0) {
        length = data[pos++]; // most runs are shorter than 128 pixels: one length byte, no loop
      } else {
        length = 0;
        int shift = 0;
        int b;
        do {
          if (shift > 28) {
            throw new IllegalArgumentException("run length varint too long at byte " + pos);
          }
          if (pos >= size) {
            throw new IllegalArgumentException("mask data ends inside a run length at byte " + pos);
          }
          b = data[pos++];
          length |= (long) (b & 0x7f) << shift;
          shift += 7;
        } while (b < 0);
      }
      if (length < 1 || length > pixels - filled) {
        throw new IllegalArgumentException(
            "run of " + length + " pixels at byte " + pos + " does not fit a " + width + "x" + height + " map");
      }
      int run = (int) length;
      filled += run;
      while (true) {
        int room = width - col;
        int to = run < room ? col + run : width;
        if (count > 0 && classes[count - 1] == cls) {
          ends[count - 1] = to;
        } else {
          ends[count] = to;
          classes[count++] = cls;
        }
        if (run < room) {
          col = to;
          break;
        }
        visitor.row(row++, ends, classes, count);
        count = 0;
        col = 0;
        run -= room;
        if (run == 0) {
          break;
        }
      }
    }
    if (filled != pixels) {
      throw new IllegalArgumentException("mask runs cover " + filled + " of " + pixels + " pixels");
    }
  }

  /** Pixel count per class index (array of 256) of a raw class map. */
  public static long[] classCounts(byte[] classMap, int pixels) {
    long[] counts = new long[256];
    for (int i = 0; i < pixels; i++) {
      counts[classMap[i] & 0xff]++;
    }
    return counts;
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7f) != 0) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static int checkedPixels(int width, int height) {
    if (width < 0 || height < 0 || (long) width * height > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad mask size " + width + "x" + height);
    }
    return width * height;
  }
}
