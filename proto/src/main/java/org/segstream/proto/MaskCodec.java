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

  /** Walks the runs, checking each is a well-formed varint of 1..remaining pixels. */
  private static void forEachRun(byte[] data, int pixels, int width, int height, RunVisitor visitor) {
    int filled = 0;
    int pos = 0;
    while (pos < data.length) {
      byte cls = data[pos++];
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
      if (run < 1 || run > pixels - filled) {
        throw new IllegalArgumentException(
            "run of " + run + " pixels at byte " + pos + " does not fit a " + width + "x" + height + " map");
      }
      visitor.run(cls, filled, (int) run);
      filled += (int) run;
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
