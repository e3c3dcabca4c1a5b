package org.segstream.inference.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A held-out evaluation set written by {@code segstream_models.scenes.evalset}: frames as JPEG,
 * ground truth as 8-bit PNG class maps (255 = ignore), listed in {@code meta.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvalSet(@JsonProperty("label_set") String labelSet, List<Item> items) {

  /** One frame and its ground truth, paths relative to the set's directory. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(String frame, String label, String projection) {
    public boolean equirectangular() {
      return "equirectangular".equals(projection);
    }
  }

  public static EvalSet load(Path dir) {
    Path meta = dir.resolve("meta.json");
    if (!Files.isReadable(meta)) {
      throw new IllegalArgumentException("evaluation set " + meta + " is missing or unreadable");
    }
    try {
      EvalSet set = new ObjectMapper().readValue(meta.toFile(), EvalSet.class);
      if (set.items() == null || set.items().isEmpty()) {
        throw new IllegalArgumentException("evaluation set " + meta + " lists no items");
      }
      return set;
    } catch (IOException e) {
      throw new IllegalArgumentException("evaluation set " + meta + " is not valid: " + e.getMessage(), e);
    }
  }
}
