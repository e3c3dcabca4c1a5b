package org.segstream.inference.eval;

/**
 * Pixel counts of (true class, predicted class) over a set of frames, and the IoU figures drawn
 * from it. Label 255 means "ignore", as in Cityscapes.
 */
public final class ConfusionMatrix {
  public static final int IGNORE = 255;
  private final int classes;
  /** Row = true class, column = predicted class; one extra column for predictions outside the set. */
  private final int columns;
  private final long[] counts;

  public ConfusionMatrix(int classes) {
    this.classes = classes;
    this.columns = classes + 1;
    this.counts = new long[classes * columns];
  }

  /** Adds one frame: {@code truth} and {@code predicted} are same-sized uint8 maps. */
  public void add(byte[] truth, byte[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException("maps differ in size: " + truth.length + " vs " + predicted.length);
    }
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i] & 0xff;
      int p = predicted[i] & 0xff;
      if (t == IGNORE) {
        continue;
      }
      if (t >= classes) {
        throw new IllegalArgumentException("ground truth has class " + t + " outside 0.." + (classes - 1));
      }
      counts[t * columns + Math.min(p, classes)]++;
    }
  }

  /** IoU of a class, or NaN when it appears in neither truth nor prediction. */
  public double iou(int c) {
    long tp = counts[c * columns + c];
    long truth = truthPixels(c);
    long predicted = 0;
    for (int k = 0; k < classes; k++) {
      predicted += counts[k * columns + c];
    }
    long union = truth + predicted - tp;
    return union == 0 ? Double.NaN : tp / (double) union;
  }

  /** Pixels of class {@code c} in the ground truth. */
  public long truthPixels(int c) {
    long truth = 0;
    for (int k = 0; k < columns; k++) {
      truth += counts[c * columns + k];
    }
    return truth;
  }

  /** Mean IoU over the classes present in the ground truth. */
  public double meanIou() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes; c++) {
      if (truthPixels(c) > 0) {
        sum += iou(c);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Fraction of non-ignored pixels predicted correctly. */
  public double pixelAccuracy() {
    long correct = 0;
    long all = 0;
    for (int c = 0; c < classes; c++) {
      correct += counts[c * columns + c];
      all += truthPixels(c);
    }
    return all == 0 ? Double.NaN : correct / (double) all;
  }

  public int classes() {
    return classes;
  }
}
