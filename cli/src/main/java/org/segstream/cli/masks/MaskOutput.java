package org.segstream.cli.masks;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where rendered masks go: a PNG per mask or an MP4 per camera. */
interface MaskOutput extends AutoCloseable {
  void write(String camera, long sequence, BufferedImage picture) throws IOException;

  /** Pictures written so far. */
  long written();

  @Override
  void close() throws IOException;
}
