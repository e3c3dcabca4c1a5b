package org.segstream.inference.translate;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.segstream.inference.model.ModelCard;

/**
 * Stretch-resizes a BGR frame to the card's input size and writes it as normalised RGB planes,
 * optionally with {@code pad} columns copied from the opposite side onto each edge (circular
 * padding). Not thread-safe: one per translator, translators are one per predictor.
 */
final class Preprocessor {
  final int width;
  final int height;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];
  private final byte[] bgr;

  Preprocessor(ModelCard card) {
    this.width = card.input().width();
    this.height = card.input().height();
    for (int c = 0; c < 3; c++) {
      // (p * s - mean) / std folded into p * scale + offset.
      double std = card.input().std().get(c);
      scale[c] = (float) (card.input().scale() / std);
      offset[c] = (float) (-card.input().mean().get(c) / std);
    }
    this.bgr = new byte[width * height * 3];
  }

  /**
   * Writes the frame at {@code out[base…]} as 3 planes of {@code height × (width + 2 * pad)}:
   * R, G, B. Column x of the padded plane is column (x - pad) mod width of the resized frame.
   */
  void write(Mat image, int pad, float[] out, int base) {
    readResized(image);
    int paddedWidth = width + 2 * pad;
    int plane = paddedWidth * height;
    for (int y = 0; y < height; y++) {
      int row = base + y * paddedWidth;
      for (int x = 0; x < paddedWidth; x++) {
        int s = (y * width + Math.floorMod(x - pad, width)) * 3;
        int p = row + x;
        out[p] = (bgr[s + 2] & 0xff) * scale[0] + offset[0];
        out[p + plane] = (bgr[s + 1] & 0xff) * scale[1] + offset[1];
        out[p + 2 * plane] = (bgr[s] & 0xff) * scale[2] + offset[2];
      }
    }
  }

  private void readResized(Mat image) {
    if (image.cols() == width && image.rows() == height && image.isContinuous()) {
      image.data().get(bgr);
      return;
    }
    try (Mat resized = new Mat(); Size size = new Size(width, height)) {
      opencv_imgproc.resize(image, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      resized.data().get(bgr);
    }
  }
}
