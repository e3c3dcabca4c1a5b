package org.segstream.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

/** For every reader of mask topics: a record's {@link Mask}, and its class map in either encoding. */
public final class MaskMaps {

  private MaskMaps() {}

  /**
   * A masks-topic record's {@link Mask} with its data aliasing {@code value} rather than copied:
   * for a reader that drops the mask before anything writes to the value.
   */
  public static Mask parseAliasing(byte[] value) throws InvalidProtocolBufferException {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(value).newCodedInput();
    in.enableAliasing(true);
    try {
      return Mask.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      // An array has no stream beneath it to fail.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The row-major {@code width * height} class indices of a mask; throws IllegalArgumentException
   * naming what is wrong when the data does not decode to a map of the mask's size.
   */
  public static byte[] classMap(Mask mask) {
    int width = mask.getWidth();
    int height = mask.getHeight();
    byte[] data = mask.getData().toByteArray();
    return switch (mask.getEncoding()) {
      case MASK_RLE -> MaskCodec.decode(data, width, height);
      case MASK_PNG_INDEXED -> indexedPng(data, width, height);
      default -> throw new IllegalArgumentException("mask encoding " + mask.getEncoding() + " has no class map");
    };
  }

  /** The pixel values (palette indices = class ids) of an 8-bit indexed PNG of the given size. */
  public static byte[] indexedPng(byte[] png, int width, int height) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new IllegalArgumentException("bad PNG mask data: " + e.getMessage());
    }
    if (image == null || image.getWidth() != width || image.getHeight() != height) {
      throw new IllegalArgumentException("PNG mask data is not a " + width + "x" + height + " image");
    }
    Raster raster = image.getRaster();
    if (raster.getNumBands() != 1) {
      throw new IllegalArgumentException("PNG mask is not an indexed (single-band) image");
    }
    int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
    byte[] map = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) {
      map[i] = (byte) samples[i];
    }
    return map;
  }

  /** Whether a mask's encoding carries a class map at all. */
  public static boolean hasClassMap(Mask mask) {
    return mask.getEncoding() == MaskEncoding.MASK_RLE || mask.getEncoding() == MaskEncoding.MASK_PNG_INDEXED;
  }
}
