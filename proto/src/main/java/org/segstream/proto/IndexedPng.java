package org.segstream.proto;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The writer of {@code MaskEncoding.MASK_PNG_INDEXED}: an 8-bit palette PNG whose pixel values are
 * class indices and whose palette is the label set's colours, so the mask opens in any image
 * viewer and decodes losslessly with any PNG reader ({@link MaskMaps#indexedPng} is this
 * project's). One instance per palette; thread-safe.
 */
public final class IndexedPng {
  private final IndexColorModel colours;

  /** @param palette one {r, g, b} per class, 1..256 entries */
  public IndexedPng(List<int[]> palette) {
    if (palette.isEmpty() || palette.size() > 256) {
      throw new IllegalArgumentException("an indexed PNG palette has 1..256 colours, not " + palette.size());
    }
    byte[] r = new byte[palette.size()];
    byte[] g = new byte[palette.size()];
    byte[] b = new byte[palette.size()];
    for (int i = 0; i < palette.size(); i++) {
      r[i] = (byte) palette.get(i)[0];
      g[i] = (byte) palette.get(i)[1];
      b[i] = (byte) palette.get(i)[2];
    }
    this.colours = new IndexColorModel(8, palette.size(), r, g, b);
  }

  /** Encodes {@code width * height} class indices from {@code classMap} (row-major). */
  public byte[] encode(byte[] classMap, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, colours);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    if (classMap.length < pixels.length) {
      throw new IllegalArgumentException(
          "class map has " + classMap.length + " bytes, need " + pixels.length + " for " + width + "x" + height);
    }
    System.arraycopy(classMap, 0, pixels, 0, pixels.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, pixels.length / 32));
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    // In memory: ImageIO's default cache would write a temporary file per mask.
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(new IIOImage(image, null, null));
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed in memory", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
