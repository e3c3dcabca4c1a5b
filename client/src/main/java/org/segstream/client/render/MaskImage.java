package org.segstream.client.render;

import java.util.Optional;
import org.segstream.proto.LabelSets;
import org.segstream.proto.LabelSets.LabelSet;
import org.segstream.proto.MaskMaps;
import org.segstream.proto.v1.Mask;

/**
 * A decoded class map: {@code width * height} class indices, row-major, and the label set that
 * names them (empty when the mask names a label set this client does not know).
 */
public record MaskImage(byte[] classes, int width, int height, String labelSetId, Optional<LabelSet> labelSet) {

  public MaskImage {
    if (width <= 0 || height <= 0 || classes.length != width * height) {
      throw new IllegalArgumentException(
          "class map of " + classes.length + " bytes is not " + width + "x" + height);
    }
  }

  /** Decodes a mask in either encoding; throws IllegalArgumentException when its data is malformed. */
  public static MaskImage of(Mask mask) {
    return new MaskImage(MaskMaps.classMap(mask), mask.getWidth(), mask.getHeight(), mask.getLabelSet(),
        LabelSets.byId(mask.getLabelSet()));
  }

  /** The label set, or an error naming the unknown id and the known ones. */
  public LabelSet requireLabelSet() {
    return labelSet.orElseThrow(() -> new IllegalArgumentException(labelSetProblem()));
  }

  /** What is wrong with the label set id. */
  public String labelSetProblem() {
    return "unknown label set '" + labelSetId + "' (known: " + String.join(", ", LabelSets.ids()) + ")";
  }

  /** The class index at (x, y). */
  public int classAt(int x, int y) {
    return classes[y * width + x] & 0xff;
  }

  /** Which class indices occur in the map. */
  public boolean[] present() {
    boolean[] present = new boolean[256];
    for (byte c : classes) {
      present[c & 0xff] = true;
    }
    return present;
  }
}
