package org.segstream.proto;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Label sets known to every stage by id, so a {@code Mask} need only carry the id. A model's card
 * ({@code model.json}) carries its own class names and palette; these are the shared defaults.
 */
public final class LabelSets {

  /** A label set: class names by index and an RGB palette of the same length. */
  public record LabelSet(String id, List<String> classes, List<int[]> palette) {
    public LabelSet {
      if (classes.size() != palette.size()) {
        throw new IllegalArgumentException(
            "label set " + id + " has " + classes.size() + " classes but " + palette.size() + " colours");
      }
      classes = List.copyOf(classes);
      palette = List.copyOf(palette);
    }

    /** The class name of an index, or {@code class-N} outside the set. */
    public String name(int classId) {
      return classId >= 0 && classId < classes.size() ? classes.get(classId) : "class-" + classId;
    }
  }

  /** Cityscapes' 19 evaluation classes with the official palette. */
  public static final LabelSet CITYSCAPES_19 = new LabelSet("cityscapes-19",
      List.of("road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
          "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle",
          "bicycle"),
      List.of(rgb(128, 64, 128), rgb(244, 35, 232), rgb(70, 70, 70), rgb(102, 102, 156), rgb(190, 153, 153),
          rgb(153, 153, 153), rgb(250, 170, 30), rgb(220, 220, 0), rgb(107, 142, 35), rgb(152, 251, 152),
          rgb(70, 130, 180), rgb(220, 20, 60), rgb(255, 0, 0), rgb(0, 0, 142), rgb(0, 0, 70), rgb(0, 60, 100),
          rgb(0, 80, 100), rgb(0, 0, 230), rgb(119, 11, 32)));

  private static final Map<String, LabelSet> KNOWN = Map.of(CITYSCAPES_19.id(), CITYSCAPES_19);

  private LabelSets() {}

  /** The label set with this id, if it is one of the shared ones. */
  public static Optional<LabelSet> byId(String id) {
    return Optional.ofNullable(KNOWN.get(id));
  }

  private static int[] rgb(int r, int g, int b) {
    return new int[] {r, g, b};
  }
}
