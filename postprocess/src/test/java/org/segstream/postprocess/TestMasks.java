package org.segstream.postprocess;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.ClassCount;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.MaskTimings;
import org.segstream.proto.v1.Projection;

/** Masks for tests, built the way the inference worker builds them. */
public final class TestMasks {
  /** 2023-11-14T22:00:00Z, the start of every window up to an hour long, in microseconds. */
  public static final long BASE_US = 1_699_999_200_000_000L;

  private TestMasks() {}

  /** Microseconds of {@code seconds} after {@link #BASE_US}. */
  public static long at(double seconds) {
    return BASE_US + Math.round(seconds * 1_000_000);
  }

  /**
   * A 10x10 mask (100 pixels) with only class_counts, PNG-encoded so no RLE data backs them.
   *
   * @param classAndPixels pairs of class id and pixel count
   */
  public static Mask counted(String camera, long sequence, long captureUs, long... classAndPixels) {
    Mask.Builder b = base(camera, sequence, captureUs, 10, 10).setEncoding(MaskEncoding.MASK_PNG_INDEXED);
    for (int i = 0; i < classAndPixels.length; i += 2) {
      b.addClassCounts(ClassCount.newBuilder().setClassId((int) classAndPixels[i]).setPixels(classAndPixels[i + 1]));
    }
    return b.build();
  }

  /** A mask of a class map as RLE data, with no class_counts. */
  public static Mask rle(String camera, long sequence, long captureUs, byte[] classMap, int width, int height) {
    return base(camera, sequence, captureUs, width, height)
        .setEncoding(MaskEncoding.MASK_RLE)
        .setData(ByteString.copyFrom(MaskCodec.encode(classMap, width, height)))
        .build();
  }

  /** A width x height map as an indexed PNG with a grey palette, as the worker's PNG format writes it. */
  public static byte[] indexedPng(byte[] map, int width, int height) {
    byte[] grey = new byte[256];
    for (int i = 0; i < 256; i++) {
      grey[i] = (byte) i;
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(8, 256, grey, grey, grey));
    int[] samples = new int[map.length];
    for (int i = 0; i < map.length; i++) {
      samples[i] = map[i];
    }
    image.getRaster().setSamples(0, 0, width, height, 0, samples);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A mask of a class map as indexed-PNG data, with no class_counts. */
  public static Mask png(String camera, long sequence, long captureUs, byte[] classMap, int width, int height) {
    return base(camera, sequence, captureUs, width, height)
        .setEncoding(MaskEncoding.MASK_PNG_INDEXED)
        .setData(ByteString.copyFrom(indexedPng(classMap, width, height)))
        .build();
  }

  /** A width x height map: the first {@code firstPixels} pixels of class a, the rest class b. */
  public static byte[] twoClassMap(int width, int height, int firstPixels, int a, int b) {
    byte[] map = new byte[width * height];
    for (int i = 0; i < map.length; i++) {
      map[i] = (byte) (i < firstPixels ? a : b);
    }
    return map;
  }

  private static Mask.Builder base(String camera, long sequence, long captureUs, int width, int height) {
    return Mask.newBuilder()
        .setCameraId(camera)
        .setSequence(sequence)
        .setCaptureTimeUs(captureUs)
        .setModelId("segformer-demo@test")
        .setLabelSet("cityscapes-19")
        .setWidth(width)
        .setHeight(height)
        .setTimings(MaskTimings.newBuilder().setModelUs(1234))
        .setWorkerId("worker-test")
        .setProjection(Projection.PINHOLE);
  }
}
