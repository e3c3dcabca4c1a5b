package org.segstream.inference.translate;

import java.nio.ByteBuffer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.segstream.inference.model.ModelCard;

/**
 * Stretch-resizes a BGR frame to the card's input size and writes it as normalised RGB planes,
 * optionally with {@code pad} columns copied from the opposite side onto each edge (circular
 * padding). Thread-safe: CPU pool threads prepare frames of one model at once.
 */
final class Preprocessor {
  final int width;
  final int height;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];

  Preprocessor(ModelCard card) {
    this.width = card.input().width();
    this.height = card.input().height();
    for (int c = 0; c < 3; c++) {
      // (p * s - mean) / std folded into p * scale + offset.
      double std = card.input().std().get(c);
      scale[c] = (float) (card.input().scale() / std);
      offset[c] = (float) (-card.input().mean().get(c) / std);
    }
  }

  /**
   * Writes the frame at {@code out[base…]} as 3 planes of {@code height × (width + 2 * pad)}:
   * R, G, B. Column x of the padded plane is column (x - pad) mod width of the resized frame.
   */
  void write(Mat image, int pad, float[] out, int base) {
    if (image.cols() == width && image.rows() == height && image.isContinuous()) {
      write(image.createBuffer(), pad, out, base);
      return;
    }
    try (Mat resized = new Mat(); Size size = new Size(width, height)) {
      opencv_imgproc.resize(image, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      write(resized.createBuffer(), pad, out, base);
    }
  }

  /** Normalises row by row from where OpenCV holds the pixels, then copies the padding columns. */
  private void write(ByteBuffer bgr, int pad, float[] out, int base) {
    int paddedWidth = width + 2 * pad;
    int plane = paddedWidth * height;
    byte[] row = new byte[width * 3];
    for (int y = 0; y < height; y++) {
      bgr.get(y * width * 3, row);
      int r = base + y * paddedWidth + pad;
      int g = r + plane;
      int b = g + plane;
      for (int x = 0, s = 0; x < width; x++, s += 3) {
        out[r + x] = (row[s + 2] & 0xff) * scale[0] + offset[0];
        out[g + x] = (row[s + 1] & 0xff) * scale[1] + offset[1];
        out[b + x] = (row[s] & 0xff) * scale[2] + offset[2];
      }
      if (pad > 0) {
        for (int start : new int[] {r, g, b}) {
          // Left padding repeats the row's last columns, right padding its first ones.
          System.arraycopy(out, start + width - pad, out, start - pad, pad);
          System.arraycopy(out, start, out, start + width, pad);
        }
      }
    }
  }
}
