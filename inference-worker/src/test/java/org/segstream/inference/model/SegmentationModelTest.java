package org.segstream.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import ai.djl.inference.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;

/** Loads the bundled demo TorchScript through DJL's PyTorch engine, offline. */
class SegmentationModelTest {
  static final Path DEMO = Path.of("../models/demo/segformer-demo");

  @Test
  void demoModelSegmentsABatchAtItsInputResolution() throws Exception {
    try (SegmentationModel model = SegmentationModel.load(DEMO);
        Predictor<List<PreparedFrame>, List<ClassMap>> predictor = model.newPredictor();
        Mat a = new Mat(360, 640, CV_8UC3, new Scalar(30, 60, 90, 0));
        Mat b = new Mat(512, 1024, CV_8UC3, new Scalar(200, 10, 10, 0))) {
      int width = model.card().input().width();
      int height = model.card().input().height();
      List<ClassMap> maps = model.segment(predictor, List.of(new FrameImage(a, false), new FrameImage(b, false)));
      assertThat(maps).hasSize(2);
      for (ClassMap map : maps) {
        assertThat(map.width()).isEqualTo(width);
        assertThat(map.height()).isEqualTo(height);
        for (byte c : map.classes()) {
          assertThat(c & 0xff).isLessThan(19);
        }
      }
      // One forward per item gives the same classes as the batch: batching changes nothing.
      assertThat(model.segment(predictor, List.of(new FrameImage(a, false))).get(0).classes()).isEqualTo(maps.get(0).classes());
      // A panorama is padded circularly, and the padding cropped: the map keeps the input width.
      ClassMap panorama = model.segment(predictor, List.of(new FrameImage(b, true))).get(0);
      assertThat(panorama.width()).isEqualTo(width);
      assertThat(panorama.height()).isEqualTo(height);
    }
  }

  /** The demo model in {@code dir} with its card edited. */
  private static Path demoWithCard(Path dir, UnaryOperator<String> edit) throws IOException {
    Files.copy(DEMO.resolve("model.pt"), dir.resolve("model.pt"));
    Files.writeString(dir.resolve("model.json"), edit.apply(Files.readString(DEMO.resolve("model.json"))));
    return dir;
  }

  @Test
  void aCardThatDisagreesWithTheGraphFailsAtLoad(@TempDir Path dir) throws IOException {
    // The demo graph returns logits; this card promises an in-graph argmax.
    demoWithCard(dir, card -> card.replace("\"argmax_in_graph\": false", "\"argmax_in_graph\": true")
        .replace("\"dtype\": \"float32\"", "\"dtype\": \"uint8\"").replace("\"stride\": 4", "\"stride\": 1"));
    assertThatThrownBy(() -> SegmentationModel.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("disagrees with")
        .hasMessageContaining("the graph returns float32");
  }

  @Test
  void anFp16CardIsRefusedOnACpuOnlyWorker(@TempDir Path dir) throws IOException {
    demoWithCard(dir, card -> card.replace("\"precision\": \"fp32\",", "")
        .replaceFirst("\"projection\"", "\"precision\": \"fp16\", \"projection\""));
    assertThatThrownBy(() -> SegmentationModel.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("field precision fp16 needs a GPU");
  }

  @Test
  void missingDirectoryNamesIt() {
    assertThatThrownBy(() -> SegmentationModel.load(Path.of("no/such/model")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("no/such/model");
  }

  @Test
  void unreadableTorchScriptNamesTheFile(@TempDir Path dir) throws IOException {
    Files.copy(DEMO.resolve("model.json"), dir.resolve("model.json"));
    Files.writeString(dir.resolve("model.pt"), "not torchscript");
    assertThatThrownBy(() -> SegmentationModel.load(dir))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(dir.resolve("model.pt").toString());
  }
}
