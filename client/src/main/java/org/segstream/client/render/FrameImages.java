package org.segstream.client.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.segstream.proto.v1.Frame;

/** Decodes the image of a {@link Frame} (JPEG, PNG or raw BGR) for rendering. */
public final class FrameImages {

  private FrameImages() {}

  /** The frame's picture as TYPE_INT_RGB; throws IllegalArgumentException when it does not decode. */
  public static BufferedImage decode(Frame frame) {
    byte[] data = frame.getData().toByteArray();
    return switch (frame.getEncoding()) {
      case JPEG, PNG -> toIntRgb(read(data, frame), false);
      case RAW_BGR -> bgr(data, frame.getWidth(), frame.getHeight());
      default -> throw new IllegalArgumentException("frame encoding " + frame.getEncoding() + " is not an image");
    };
  }

  private static BufferedImage read(byte[] data, Frame frame) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
      if (image == null) {
        throw new IllegalArgumentException("frame " + frame.getCameraId() + "#" + frame.getSequence()
            + " is not a readable " + frame.getEncoding() + " image");
      }
      return image;
    } catch (IOException e) {
      throw new IllegalArgumentException("frame " + frame.getCameraId() + "#" + frame.getSequence()
          + " does not decode: " + e.getMessage());
    }
  }

  private static BufferedImage bgr(byte[] data, int width, int height) {
    if (width <= 0 || height <= 0 || data.length != width * height * 3) {
      throw new IllegalArgumentException("raw BGR frame of " + data.length + " bytes is not " + width + "x" + height);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] dst = OverlayRenderer.pixels(out);
    for (int i = 0, p = 0; i < dst.length; i++, p += 3) {
      dst[i] = (data[p + 2] & 0xff) << 16 | (data[p + 1] & 0xff) << 8 | (data[p] & 0xff);
    }
    return out;
  }

  /** The image as TYPE_INT_RGB: itself when it already is one and no copy is asked for. */
  static BufferedImage toIntRgb(BufferedImage image, boolean copy) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB && !copy) {
      return image;
    }
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      System.arraycopy(OverlayRenderer.pixels(image), 0, OverlayRenderer.pixels(out), 0, image.getWidth() * image.getHeight());
      return out;
    }
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes && bytes.getNumBanks() == 1
        && image.getRaster().getParent() == null) {
      // What ImageIO decodes a JPEG to: repack directly, several times faster than drawing it.
      byte[] bgr = bytes.getData();
      int[] dst = OverlayRenderer.pixels(out);
      for (int i = 0, p = 0; i < dst.length; i++, p += 3) {
        dst[i] = (bgr[p + 2] & 0xff) << 16 | (bgr[p + 1] & 0xff) << 8 | (bgr[p] & 0xff);
      }
      return out;
    }
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }
}
