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
    int pixels = checkedPixels(width, height);
    byte[] map = new byte[pixels];
    forEachRun(data, pixels, width, height, (cls, from, run) -> java.util.Arrays.fill(map, from, from + run, cls));
    return map;
  }

  /**
   * Pixel count per class index (array of 256) of an RLE mask of {@code width * height} pixels,
   * without expanding it; rejects malformed data as {@link #decode} does.
   */
  public static long[] classCounts(byte[] data, int width, int height) {
    long[] counts = new long[256];
    forEachRun(data, checkedPixels(width, height), width, height, (cls, from, run) -> counts[cls & 0xff] += run);
    return counts;
  }

  /** Receives the runs of a mask in order: class, first pixel (row-major index), length. */
  public interface RunVisitor {
    void run(byte cls, int from, int length);
  }

  /**
   * Visits the runs of an RLE mask of {@code width * height} pixels without expanding it (a run
   * may continue from one row into the next); rejects malformed data as {@link #decode} does.
   */
  public static void forEachRun(byte[] data, int width, int height, RunVisitor visitor) {
    forEachRun(data, checkedPixels(width, height), width, height, visitor);
  }

  private static void forEachRun(byte[] data, int pixels, int width, int height, RunVisitor visitor) {
    Runs runs = new Runs(data, pixels, width, height);
    while (runs.next()) {
      visitor.run((byte) runs.classId(), runs.start(), runs.length());
    }
  }

  /**
   * The runs of an RLE mask one at a time, for loops that must not pay a call through an
   * interface per run (the postprocessor's blob count); rejects malformed data as {@link #decode}
   * does, the last check once {@link Runs#next} has returned false.
   */
  public static Runs runs(byte[] data, int width, int height) {
    return new Runs(data, checkedPixels(width, height), width, height);
  }

  /** A cursor over the runs; each is checked to be a well-formed varint of 1..remaining pixels. */
  public static final class Runs {
    private final byte[] data;
    private final int pixels;
    private final int width;
    private final int height;
    private int pos;
    private int filled;
    private int classId;
    private int start;
    private int length;

    private Runs(byte[] data, int pixels, int width, int height) {
      this.data = data;
      this.pixels = pixels;
      this.width = width;
      this.height = height;
    }

    /** Moves to the next run; false at the end, after checking that the runs covered every pixel. */
    public boolean next() {
      if (pos >= data.length) {
        if (filled != pixels) {
          throw new IllegalArgumentException("mask runs cover " + filled + " of " + pixels + " pixels");
        }
        return false;
      }
      classId = data[pos++] & 0xff;
      // Most runs are shorter than 128 pixels: one length byte, no loop.
      long run = pos < data.length && data[pos] >= 0 ? data[pos++] : varint();
      if (run < 1 || run > pixels - filled) {
        throw new IllegalArgumentException(
            "run of " + run + " pixels at byte " + pos + " does not fit a " + width + "x" + height + " map");
      }
      start = filled;
      length = (int) run;
      filled += length;
      return true;
    }

    /** A run length of more than one byte (or a truncated one), from {@code pos}. */
    private long varint() {
      long run = 0;
      int shift = 0;
      while (true) {
        if (pos >= data.length) {
          throw new IllegalArgumentException("mask data ends inside a run length at byte " + pos);
        }
        int b = data[pos++] & 0xff;
        run |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
        if (shift > 28) {
          throw new IllegalArgumentException("run length varint too long at byte " + pos);
        }
      }
      return run;
    }

    /** Class index of the current run, 0..255. */
    public int classId() {
      return classId;
    }

    /** First pixel of the current run, row-major. */
    public int start() {
      return start;
    }

    public int length() {
      return length;
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
