package org.segstream.inference.translate;

/**
 * A uint8 class map: one class index per pixel, row-major, {@code width * height} of them. One
 * made from logits ({@link #fromLogits}) takes its argmax when first read, so the upsampling and
 * argmax run on whichever thread reads it (the worker's CPU pool) and not on the predictor's.
 */
public final class ClassMap {
  private final int width;
  private final int height;
  private final Logits logits;
  private byte[] classes;
  private boolean released;

  /** A class map without logits (argmax in the graph, or scaled by nearest neighbour). */
  public ClassMap(int width, int height, byte[] classes) {
    if ((long) width * height != classes.length) {
      throw new IllegalArgumentException(
          "class map " + width + "x" + height + " needs " + (long) width * height + " bytes, has " + classes.length);
    }
    this.width = width;
    this.height = height;
    this.classes = classes;
    this.logits = null;
  }

  private ClassMap(Logits logits, int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("class map " + width + "x" + height + " has no pixels");
    }
    this.width = width;
    this.height = height;
    this.logits = logits;
  }

  /** The map at {@code width × height} of these logits (bilinear, then argmax), made when first read. */
  public static ClassMap fromLogits(Logits logits, int width, int height) {
    return new ClassMap(logits, width, height);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The logits it comes from, when kept to scale it by the reference protocol; or null. */
  public Logits logits() {
    return logits;
  }

  /** The class indices, row-major. */
  public synchronized byte[] classes() {
    if (classes == null) {
      requireLogits();
      classes = logits.argmaxAt(width, height).classes();
    }
    return classes;
  }

  /**
   * Hands the logits' array back for another frame's ({@link FloatArrays}), once nothing reads this
   * map again: its mask is encoded. Reading it afterwards fails rather than see another frame's logits.
   */
  public synchronized void release() {
    if (logits != null && !released) {
      released = true;
      FloatArrays.recycle(logits.values());
    }
  }

  private void requireLogits() {
    if (released) {
      throw new IllegalStateException("class map read after its logits were released");
    }
  }

  /**
   * This frame's class map at another size: from the logits when the model left them below the
   * input resolution (SegFormer's reference protocol), else by nearest neighbour.
   */
  public ClassMap at(int targetWidth, int targetHeight) {
    if (targetWidth == width && targetHeight == height) {
      return this;
    }
    if (logits == null) {
      return NearestNeighbour.scale(this, targetWidth, targetHeight);
    }
    synchronized (this) {
      requireLogits();
      return logits.argmaxAt(targetWidth, targetHeight);
    }
  }
}
