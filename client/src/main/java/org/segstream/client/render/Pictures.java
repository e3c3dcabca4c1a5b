package org.segstream.client.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;

/** The picture of a mask for people: over its frame when there is one, else in colour at the frame's shape. */
public final class Pictures {

  private Pictures() {}

  /**
   * @param frame the mask's frame, or null for the colour mask alone
   * @param maxWidth wider pictures are scaled down to this width (0: never)
   */
  public static BufferedImage of(OverlayRenderer renderer, Mask header, MaskImage mask, Frame frame, int maxWidth) {
    if (frame != null) {
      return renderer.overlay(fit(FrameImages.decode(frame), maxWidth), mask);
    }
    int width = header.getFrameWidth() > 0 ? header.getFrameWidth() : mask.width();
    int height = header.getFrameHeight() > 0 ? header.getFrameHeight() : mask.height();
    double scale = maxWidth > 0 ? Math.min(1, (double) maxWidth / width) : 1;
    return renderer.colourMask(mask, Math.max(1, (int) (width * scale)), Math.max(1, (int) (height * scale)));
  }

  private static BufferedImage fit(BufferedImage frame, int maxWidth) {
    if (maxWidth <= 0 || frame.getWidth() <= maxWidth) {
      return frame;
    }
    int height = Math.max(1, frame.getHeight() * maxWidth / frame.getWidth());
    BufferedImage out = new BufferedImage(maxWidth, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(frame, 0, 0, maxWidth, height, null);
    g.dispose();
    return out;
  }
}
