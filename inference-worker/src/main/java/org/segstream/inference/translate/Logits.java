package org.segstream.inference.translate;

/**
 * A frame's logits below the input resolution ({@code classes × height × width}, row-major per
 * class), kept so a class map can be made at any size the way SegFormer's reference inference
 * does: logits resized bilinearly (align_corners=False, PyTorch's sampling) to the target size,
 * then the argmax. Class indices are never blended; scores are.
 *
 * @param padColumns logit columns of circular padding on each side (a panorama's), not part of the frame
 * @param values the logits, from {@code offset} on
 * @param offset where this frame's logits start in {@code values}: a batch's frames share the one
 *     array read from the model's output, uncopied
 */
public record Logits(int classes, int height, int width, int padColumns, float[] values, int offset) {

  public Logits {
    if (classes < 1 || classes > 256 || height < 1 || width - 2 * padColumns < 1 || offset < 0
        || offset + (long) classes * height * width > values.length) {
      throw new IllegalArgumentException("logits of " + classes + "x" + height + "x" + width + " (pad " + padColumns
          + ") from " + offset + " do not fit " + values.length + " values");
    }
  }

  /** Logits filling {@code values} from its start. */
  public Logits(int classes, int height, int width, int padColumns, float[] values) {
    this(classes, height, width, padColumns, values, 0);
    if ((long) classes * height * width != values.length) {
      throw new IllegalArgumentException("logits of " + classes + "x" + height + "x" + width + " do not fit "
          + values.length + " values");
    }
  }

  /**
   * The class map of the frame at {@code outWidth × outHeight}. Output pixel x samples logit
   * column {@code (x + 0.5) * frameColumns / outWidth - 0.5 + padColumns}, so the padding's logits
   * are real neighbours across a panorama's seam; at the input size this is exactly the in-graph
   * upsample-then-argmax. Where the four logit pixels around a sample agree on their argmax, the
   * blend of their scores (weights ≥ 0) agrees too, so only pixels near a class border are blended.
   */
  public ClassMap argmaxAt(int outWidth, int outHeight) {
    int frameColumns = width - 2 * padColumns;
    int plane = height * width;
    byte[] best = argmaxPerPixel();
    int[] x0 = new int[outWidth];
    int[] x1 = new int[outWidth];
    float[] lx = new float[outWidth];
    float scaleX = (float) frameColumns / outWidth;
    for (int x = 0; x < outWidth; x++) {
      float src = Math.max(scaleX * (x + 0.5f) - 0.5f + padColumns, 0f);
      x0[x] = Math.min((int) src, width - 1);
      x1[x] = Math.min(x0[x] + 1, width - 1);
      lx[x] = src - x0[x];
    }
    float scaleY = (float) height / outHeight;
    byte[] out = new byte[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      float src = Math.max(scaleY * (y + 0.5f) - 0.5f, 0f);
      int y0 = Math.min((int) src, height - 1);
      int y1 = Math.min(y0 + 1, height - 1);
      float ly = src - y0;
      int r0 = y0 * width;
      int r1 = y1 * width;
      int row = y * outWidth;
      for (int x = 0; x < outWidth; x++) {
        byte a = best[r0 + x0[x]];
        if (a == best[r0 + x1[x]] && a == best[r1 + x0[x]] && a == best[r1 + x1[x]]) {
          out[row + x] = a;
        } else {
          out[row + x] = (byte) blendedArgmax(plane, r0 + x0[x], r0 + x1[x], r1 + x0[x], r1 + x1[x], lx[x], ly);
        }
      }
    }
    return new ClassMap(outWidth, outHeight, out);
  }

  /** The argmax of the bilinear blend of four logit pixels, in PyTorch's order of operations. */
  private int blendedArgmax(int plane, int p00, int p01, int p10, int p11, float lx, float ly) {
    float wx0 = 1f - lx;
    float wy0 = 1f - ly;
    int best = 0;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int c = 0, base = offset; c < classes; c++, base += plane) {
      float v = wy0 * (wx0 * values[base + p00] + lx * values[base + p01])
          + ly * (wx0 * values[base + p10] + lx * values[base + p11]);
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    return best;
  }

  /** The argmax of each logit pixel (first class on ties, as torch.argmax). */
  private byte[] argmaxPerPixel() {
    int plane = height * width;
    byte[] best = new byte[plane];
    float[] bestValue = new float[plane];
    System.arraycopy(values, offset, bestValue, 0, plane);
    for (int c = 1, base = offset + plane; c < classes; c++, base += plane) {
      for (int p = 0; p < plane; p++) {
        if (values[base + p] > bestValue[p]) {
          bestValue[p] = values[base + p];
          best[p] = (byte) c;
        }
      }
    }
    return best;
  }
}
