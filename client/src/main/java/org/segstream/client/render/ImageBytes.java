package org.segstream.client.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** PNG and JPEG bytes of rendered images, encoded in memory (ImageIO's default cache writes a temporary file). */
public final class ImageBytes {

  private ImageBytes() {}

  public static byte[] png(BufferedImage image) {
    return write(image, "png", null);
  }

  /** @param quality 0..1 */
  public static byte[] jpeg(BufferedImage image, float quality) {
    return write(image, "jpg", quality);
  }

  private static byte[] write(BufferedImage image, String format, Float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(format + " encoding failed in memory", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
