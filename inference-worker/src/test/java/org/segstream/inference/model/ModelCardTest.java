package org.segstream.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ModelCardTest {
  public static final String VALID = """
      {"format_version": 1, "family": "segformer", "variant": "demo", "model_file": "model.pt",
       "label_set": {"id": "cityscapes-19", "classes": ["road", "sky"], "palette": [[1,2,3],[4,5,6]]},
       "input": {"height": 256, "width": 512, "resize": "stretch", "channels": "RGB", "layout": "NCHW",
                 "scale": 0.00392156862745098, "mean": [0.485,0.456,0.406], "std": [0.229,0.224,0.225]},
       "output": {"argmax_in_graph": true, "dtype": "uint8", "stride": 1},
       "projection": "pinhole", "sha256": "0123456789abcdef0123"}
      """;

  @TempDir
  Path dir;

  @Test
  void validCardLoadsWithItsFields() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID);
    ModelCard card = ModelCard.load(dir);
    assertThat(card.family()).isEqualTo("segformer");
    assertThat(card.input().width()).isEqualTo(512);
    assertThat(card.output().argmaxInGraph()).isTrue();
    assertThat(card.modelName()).isEqualTo("model");
    assertThat(card.modelId()).isEqualTo("segformer/demo@0123456789ab");
  }

  @Test
  void precisionDefaultsToFp32AndMustBeKnown() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID);
    assertThat(ModelCard.load(dir).computePrecision()).isEqualTo("fp32");
    Files.writeString(dir.resolve("model.json"), VALID.replace("\"projection\"", "\"precision\": \"bf16\", \"projection\""));
    assertThat(ModelCard.load(dir).computePrecision()).isEqualTo("bf16");
    Files.writeString(dir.resolve("model.json"), VALID.replace("\"projection\"", "\"precision\": \"int8\", \"projection\""));
    assertThatThrownBy(() -> ModelCard.load(dir)).hasMessageContaining("field precision").hasMessageContaining("int8");
  }

  @Test
  void missingCardNamesTheFile() {
    assertThatThrownBy(() -> ModelCard.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(dir.resolve("model.json").toString())
        .hasMessageContaining("missing");
  }

  @Test
  void unknownFamilyIsRejectedNamingTheField() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID.replace("\"segformer\"", "\"yolo\""));
    assertThatThrownBy(() -> ModelCard.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("field family")
        .hasMessageContaining("yolo");
  }

  @Test
  void logitsCardMustSayFloat32() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID.replace("\"argmax_in_graph\": true", "\"argmax_in_graph\": false"));
    assertThatThrownBy(() -> ModelCard.load(dir)).hasMessageContaining("field output.dtype");
  }

  @Test
  void malformedJsonIsRejectedNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("model.json"), "{ not json");
    assertThatThrownBy(() -> ModelCard.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("model.json")
        .hasMessageContaining("not valid");
  }

  @Test
  void slidingInferenceNeedsWindowsAndLogits() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID.replace("\"resize\": \"stretch\"", "\"resize\": \"sliding\""));
    assertThatThrownBy(() -> ModelCard.load(dir)).hasMessageContaining("field input.window/window_stride");
    Files.writeString(dir.resolve("model.json"), VALID.replace("\"resize\": \"stretch\"",
        "\"resize\": \"sliding\", \"window\": [128, 128], \"window_stride\": [96, 96]"));
    assertThatThrownBy(() -> ModelCard.load(dir)).hasMessageContaining("field output.argmax_in_graph");
  }

  @Test
  void circularPadDefaultsToAnEighthOfTheWidth() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID);
    assertThat(ModelCard.load(dir).input().circularPadColumns()).isEqualTo(64);
  }

  @Test
  void zeroStdIsRejected() throws IOException {
    Files.writeString(dir.resolve("model.json"), VALID.replace("[0.229,0.224,0.225]", "[0.229,0,0.225]"));
    assertThatThrownBy(() -> ModelCard.load(dir)).hasMessageContaining("field input.std");
  }
}
