package org.segstream.inference.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import ai.djl.inference.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;

/** Sliding-window inference on a real exported SegFormer (logits output, random weights). */
class SlidingWindowIT {

  private static ClassMap segment(Path dir, Mat image) throws Exception {
    try (SegmentationModel model = SegmentationModel.load(dir);
        Predictor<List<PreparedFrame>, List<ClassMap>> predictor = model.newPredictor()) {
      return model.segment(predictor, List.of(new FrameImage(image, false))).get(0);
    }
  }

  private static void useWindows(Path dir, String window, String stride) throws Exception {
    Path card = dir.resolve("model.json");
    String json = Files.readString(card).replaceAll("\"resize\": \"[a-z]+\"(, \"window\": \\[[0-9, ]+\\], \"window_stride\": \\[[0-9, ]+\\])?",
        "\"resize\": \"sliding\", \"window\": " + window + ", \"window_stride\": " + stride);
    Files.writeString(card, json);
    var input = org.segstream.inference.model.ModelCard.load(dir).input();
    assertThat(input.resize()).isEqualTo("sliding");
    assertThat(input.window().toString().replace(" ", "")).isEqualTo(window.replace(" ", ""));
  }

  @Test
  void oneWindowOverTheWholeInputEqualsWholeImageInference(@TempDir Path dir) throws Exception {
    PythonReference.export(dir, "segformer", "demo", "cityscapes-19", "256x512", 3);
    try (Mat image = new Mat(360, 640, CV_8UC3)) {
      opencv_core.randu(image, new Mat(1, 1, opencv_core.CV_64F).put(new org.bytedeco.opencv.opencv_core.Scalar(0.0)),
          new Mat(1, 1, opencv_core.CV_64F).put(new org.bytedeco.opencv.opencv_core.Scalar(255.0)));
      ClassMap whole = segment(dir, image);
      useWindows(dir, "[256, 512]", "[192, 384]");
      ClassMap oneTile = segment(dir, image);
      useWindows(dir, "[256, 256]", "[192, 192]");
      ClassMap threeTiles = segment(dir, image);

      assertThat(whole.width()).isEqualTo(512);
      assertThat(whole.height()).isEqualTo(256);
      assertThat(oneTile.classes()).isEqualTo(whole.classes());
      assertThat(threeTiles.width()).isEqualTo(512);
      assertThat(threeTiles.height()).isEqualTo(256);
      for (byte c : threeTiles.classes()) {
        assertThat(c & 0xff).isLessThan(19);
      }
    }
  }
}
