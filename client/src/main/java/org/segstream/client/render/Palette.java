package org.segstream.client.render;

import java.util.List;
import org.segstream.proto.LabelSets.LabelSet;

/**
 * 0xRRGGBB per class index, all 256 of them: the label set's colours, then {@link #OUTSIDE} for
 * indices the set does not have (255 is the usual "ignore" index), so a stray index shows up black
 * instead of borrowing another class's colour.
 */
public final class Palette {
  /** Colour of a class index outside the label set. */
  public static final int OUTSIDE = 0x000000;

  private final int[] rgb = new int[256];

  private Palette(List<int[]> colours) {
    java.util.Arrays.fill(rgb, OUTSIDE);
    for (int i = 0; i < Math.min(256, colours.size()); i++) {
      int[] c = colours.get(i);
      rgb[i] = (c[0] & 0xff) << 16 | (c[1] & 0xff) << 8 | (c[2] & 0xff);
    }
  }

  public static Palette of(LabelSet labels) {
    return new Palette(labels.palette());
  }

  /** 0xRRGGBB of a class index (0..255). */
  public int rgb(int classId) {
    return rgb[classId & 0xff];
  }
}
