package org.segstream.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A model's card ({@code model.json} beside the TorchScript file): what the network expects and
 * returns. Validated on load so a card that cannot drive the translator fails at start, naming the
 * field, rather than producing wrong masks later.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
    @JsonProperty("format_version") int formatVersion,
    String family,
    String variant,
    @JsonProperty("model_file") String modelFile,
    @JsonProperty("label_set") LabelSet labelSet,
    Input input,
    Output output,
    String projection,
    String precision,
    String sha256) {

  /** Families this worker has a translator for. */
  public static final Set<String> FAMILIES = Set.of("segformer", "trans4pass");
  /** Compute precisions of a graph; its input and logits are float32 in every one. */
  public static final Set<String> PRECISIONS = Set.of("fp32", "fp16", "bf16");

  /** The classes the network predicts. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LabelSet(String id, List<String> classes, List<List<Integer>> palette) {}

  /**
   * Input geometry and normalisation: x = (pixel * scale - mean) / std, RGB, NCHW. Frames are
   * stretched to height × width; with resize "sliding" the network then sees {@code window}-sized
   * tiles every {@code windowStride} pixels. {@code circularPad} columns (default width / 8, rounded down to a multiple of 32) are
   * wrapped around an equirectangular frame so its mask has no seam at 0°/360°.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(int height, int width, String resize, String channels, String layout,
      double scale, List<Double> mean, List<Double> std, List<Integer> window,
      @JsonProperty("window_stride") List<Integer> windowStride,
      @JsonProperty("circular_pad") Integer circularPad) {

    /** Columns wrapped onto each side of an equirectangular frame. */
    public int circularPadColumns() {
      return circularPad != null ? circularPad : width / 8 / 32 * 32;
    }
  }

  /** What the graph returns: uint8 class maps (argmax in graph) or float logits at 1/stride. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Output(@JsonProperty("argmax_in_graph") boolean argmaxInGraph, String dtype, int stride) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

  /** Reads and validates {@code dir/model.json}. */
  public static ModelCard load(Path dir) {
    Path file = dir.resolve("model.json");
    if (!Files.isReadable(file)) {
      throw new ModelException("model card " + file + " is missing or unreadable");
    }
    ModelCard card;
    try {
      card = JSON.readValue(file.toFile(), ModelCard.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ModelException("model card " + file + " is not valid: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ModelException("model card " + file + " is unreadable: " + e.getMessage());
    }
    card.validate(file);
    return card;
  }

  private void validate(Path file) {
    require(formatVersion == 1, file, "format_version", "must be 1, is " + formatVersion);
    require(family != null && FAMILIES.contains(family), file, "family",
        "unknown family '" + family + "' (known: " + FAMILIES + ")");
    require(modelFile != null && !modelFile.isBlank(), file, "model_file", "is missing");
    require(labelSet != null && labelSet.id() != null, file, "label_set.id", "is missing");
    require(labelSet.classes() != null && !labelSet.classes().isEmpty() && labelSet.classes().size() <= 256,
        file, "label_set.classes", "must list 1..256 classes");
    require(input != null, file, "input", "is missing");
    require(output != null, file, "output", "is missing");
    require(PRECISIONS.contains(computePrecision()), file, "precision",
        "must be one of " + PRECISIONS + ", is " + precision);
    require(output.argmaxInGraph() ? "uint8".equals(output.dtype()) : "float32".equals(output.dtype()),
        file, "output.dtype", "must be uint8 with argmax_in_graph, float32 without");
    require(output.stride() >= 1, file, "output.stride", "must be >= 1");
    require(input.height() > 0 && input.width() > 0, file, "input.height/width", "must be positive");
    require("RGB".equals(input.channels()), file, "input.channels", "must be RGB");
    require("NCHW".equals(input.layout()), file, "input.layout", "must be NCHW");
    require("stretch".equals(input.resize()) || "sliding".equals(input.resize()), file, "input.resize",
        "must be stretch or sliding, is " + input.resize());
    if ("sliding".equals(input.resize())) {
      require(isPair(input.window()) && isPair(input.windowStride()), file, "input.window/window_stride",
          "must each be [height, width] of positive sizes for sliding inference");
      require(!output.argmaxInGraph(), file, "output.argmax_in_graph",
          "must be false for sliding inference (overlapping tiles average logits)");
    }
    require(input.circularPadColumns() >= 0 && input.circularPadColumns() < input.width()
        && input.circularPadColumns() % output.stride() == 0, file, "input.circular_pad",
        "must be in 0..width-1 and a multiple of output.stride");
    require(input.scale() > 0, file, "input.scale", "must be positive");
    require(input.mean() != null && input.mean().size() == 3, file, "input.mean", "must have 3 values");
    require(input.std() != null && input.std().size() == 3 && input.std().stream().allMatch(s -> s > 0),
        file, "input.std", "must have 3 positive values");
  }

  private static boolean isPair(List<Integer> values) {
    return values != null && values.size() == 2 && values.get(0) > 0 && values.get(1) > 0;
  }

  private static void require(boolean ok, Path file, String field, String problem) {
    if (!ok) {
      throw new ModelException("model card " + file + ": field " + field + " " + problem);
    }
  }

  /** The graph's compute precision; cards written before the field existed are fp32. */
  public String computePrecision() {
    return precision == null ? "fp32" : precision;
  }

  /** The model file's name without its extension, as DJL wants it. */
  public String modelName() {
    return modelFile.endsWith(".pt") ? modelFile.substring(0, modelFile.length() - 3) : modelFile;
  }

  /** A short id for masks: family/variant plus the first 12 hex digits of the file hash. */
  public String modelId() {
    String hash = sha256 == null ? "unhashed" : sha256.substring(0, Math.min(12, sha256.length()));
    return family + "/" + variant + "@" + hash;
  }
}
