package org.segstream.inference.translate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Cutting a batch's class maps apart, and trimming circular padding off their sides. */
final class ClassMaps {
  private ClassMaps() {}

  /** Splits {@code n} maps of {@code h × w} and drops {@code crop} columns on each side of each. */
  static List<ClassMap> split(byte[] all, int n, int h, int w, int crop) {
    return split(ByteBuffer.wrap(all), n, h, w, crop);
  }

  /** As {@link #split(byte[], int, int, int, int)}, from a buffer (the model's output, read in place). */
  static List<ClassMap> split(ByteBuffer all, int n, int h, int w, int crop) {
    int outWidth = w - 2 * crop;
    List<ClassMap> maps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] one = new byte[h * outWidth];
      for (int y = 0; y < h; y++) {
        all.get((i * h + y) * w + crop, one, y * outWidth, outWidth);
      }
      maps.add(new ClassMap(outWidth, h, one));
    }
    return maps;
  }
}
