package org.segstream.inference.translate;

/**
 * A uint8 class map: one class index per pixel, row-major.
 *
 * @param width map width in pixels
 * @param height map height in pixels
 * @param classes {@code width * height} class indices
 * @param logits the logits it came from, when kept to scale it by the reference protocol; or null
 */
public record ClassMap(int width, int height, byte[] classes, Logits logits) {

  /** A class map without logits (argmax in the graph, or tiles stitched). */
  public ClassMap(int width, int height, byte[] classes) {
    this(width, height, classes, null);
  }

  /**
   * This frame's class map at another size: from the logits when the model left them below the
   * input resolution (SegFormer's reference protocol), else by nearest neighbour.
   */
  public ClassMap at(int targetWidth, int targetHeight) {
    if (targetWidth == width && targetHeight == height) {
      return this;
    }
    return logits != null ? logits.argmaxAt(targetWidth, targetHeight) : NearestNeighbour.scale(this, targetWidth, targetHeight);
  }

  public ClassMap {
    if ((long) width * height != classes.length) {
      throw new IllegalArgumentException(
          "class map " + width + "x" + height + " needs " + (long) width * height + " bytes, has " + classes.length);
    }
  }
}
