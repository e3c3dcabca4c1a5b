package org.segstream.cli.masks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.segstream.client.render.ImageBytes;

/** {@code DIR/CAMERA/SEQUENCE.png}, the sequence zero-padded so names sort in time order. */
final class PngFiles implements MaskOutput {
  private final Path dir;
  private long written;

  PngFiles(Path dir) {
    this.dir = dir;
  }

  static String fileName(long sequence) {
    return String.format(Locale.ROOT, "%010d.png", sequence);
  }

  @Override
  public void write(String camera, long sequence, BufferedImage picture) throws IOException {
    Path cameraDir = Files.createDirectories(dir.resolve(CameraNames.safe(camera)));
    Files.write(cameraDir.resolve(fileName(sequence)), ImageBytes.png(picture));
    written++;
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void close() {}
}
