package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.ModelCardTest;

class SegmentationTranslatorTest {

  private static ModelCard card(Path dir, int width, int height) throws IOException {
    Files.writeString(dir.resolve("model.json"), ModelCardTest.VALID
        .replace("\"height\": 256", "\"height\": " + height).replace("\"width\": 512", "\"width\": " + width));
    return ModelCard.load(dir);
  }

  @Test
  void bgrPixelsBecomeNormalisedRgbPlanes(@TempDir Path dir) throws IOException {
    SegmentationTranslator translator = new SegmentationTranslator(card(dir, 2, 1));
    try (Mat image = new Mat(1, 2, CV_8UC3)) {
      // Pixel 0: B=0, G=128, R=255; pixel 1: B=255, G=0, R=0.
      image.data().put(new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, 0});
      float[] out = new float[6];
      translator.toNormalisedChw(image, new byte[6], out, 0);
      assertThat(out[0]).isCloseTo((float) ((1.0 - 0.485) / 0.229), within(1e-5f)); // R of pixel 0
      assertThat(out[1]).isCloseTo((float) ((0.0 - 0.485) / 0.229), within(1e-5f)); // R of pixel 1
      assertThat(out[2]).isCloseTo((float) ((128 / 255.0 - 0.456) / 0.224), within(1e-5f)); // G of pixel 0
      assertThat(out[5]).isCloseTo((float) ((1.0 - 0.406) / 0.225), within(1e-5f)); // B of pixel 1
    }
  }

  @Test
  void framesOfAnotherSizeAreResizedToTheInput(@TempDir Path dir) throws IOException {
    SegmentationTranslator translator = new SegmentationTranslator(card(dir, 4, 2));
    try (Mat image = new Mat(20, 40, CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(10, 20, 30, 0))) {
      float[] out = new float[3 * 8];
      translator.toNormalisedChw(image, new byte[3 * 8], out, 0);
      for (int p = 0; p < 8; p++) {
        assertThat(out[p]).isCloseTo((float) ((30 / 255.0 - 0.485) / 0.229), within(1e-5f));
      }
    }
  }
}
