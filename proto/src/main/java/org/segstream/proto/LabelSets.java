package org.segstream.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Label sets known to every stage by id, so a {@code Mask} need only carry the id: Cityscapes-19,
 * ADE20K-150, Stanford2D3D-13 and SynPASS-22. A model's card ({@code model.json}) carries its own
 * class names and palette; these are the shared defaults.
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

  /** The catalogue written by {@code segstream_models.labels --write}, so both languages agree. */
  private static final Map<String, LabelSet> KNOWN = load("label-sets.json");

  /** Cityscapes' 19 evaluation classes with the official palette. */
  public static final LabelSet CITYSCAPES_19 = KNOWN.get("cityscapes-19");

  private LabelSets() {}

  /** The label set with this id, if it is one of the shared ones. */
  public static Optional<LabelSet> byId(String id) {
    return Optional.ofNullable(KNOWN.get(id));
  }

  /** Ids of every shared label set, in catalogue order. */
  public static List<String> ids() {
    return List.copyOf(KNOWN.keySet());
  }

  private static Map<String, LabelSet> load(String resource) {
    try (InputStream in = LabelSets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("label-set catalogue " + resource + " is missing from the classpath");
      }
      Map<String, LabelSet> sets = new LinkedHashMap<>();
      for (JsonNode node : new ObjectMapper().readTree(in)) {
        List<String> classes = new ArrayList<>();
        node.get("classes").forEach(c -> classes.add(c.asText()));
        List<int[]> palette = new ArrayList<>();
        node.get("palette").forEach(c -> palette.add(new int[] {c.get(0).asInt(), c.get(1).asInt(), c.get(2).asInt()}));
        String id = node.get("id").asText();
        sets.put(id, new LabelSet(id, classes, palette));
      }
      return Collections.unmodifiableMap(sets);
    } catch (IOException e) {
      throw new UncheckedIOException("label-set catalogue " + resource + " is unreadable", e);
    }
  }
}
