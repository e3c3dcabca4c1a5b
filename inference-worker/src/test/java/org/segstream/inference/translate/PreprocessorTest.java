package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.ModelCardTest;

class PreprocessorTest {
  @TempDir
  Path dir;

  private ModelCard card(int width, int height) throws IOException {
    Files.writeString(dir.resolve("model.json"), ModelCardTest.VALID.replace("\"height\": 256", "\"height\": " + height)
        .replace("\"width\": 512", "\"width\": " + width));
    return ModelCard.load(dir);
  }

  private static float normalisedRed(int value) {
    return (float) ((value / 255.0 - 0.485) / 0.229);
  }

  @Test
  void bgrPixelsBecomeNormalisedRgbPlanes() throws IOException {
    Preprocessor pre = new Preprocessor(card(2, 1));
    try (Mat image = new Mat(1, 2, CV_8UC3)) {
      // Pixel 0: B=0, G=128, R=255; pixel 1: B=255, G=0, R=0.
      image.data().put(new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, 0});
      float[] out = new float[6];
      pre.write(image, 0, out, 0);
      assertThat(out[0]).isCloseTo(normalisedRed(255), within(1e-5f));
      assertThat(out[1]).isCloseTo(normalisedRed(0), within(1e-5f));
      assertThat(out[2]).isCloseTo((float) ((128 / 255.0 - 0.456) / 0.224), within(1e-5f));
      assertThat(out[5]).isCloseTo((float) ((1.0 - 0.406) / 0.225), within(1e-5f));
    }
  }

  @Test
  void framesOfAnotherSizeAreResizedToTheInput() throws IOException {
    Preprocessor pre = new Preprocessor(card(4, 2));
    try (Mat image = new Mat(20, 40, CV_8UC3, new Scalar(10, 20, 30, 0))) {
      float[] out = new float[3 * 8];
      pre.write(image, 0, out, 0);
      for (int p = 0; p < 8; p++) {
        assertThat(out[p]).isCloseTo(normalisedRed(30), within(1e-5f));
      }
    }
  }

  @Test
  void circularPaddingCopiesColumnsFromTheOppositeSide() throws IOException {
    Preprocessor pre = new Preprocessor(card(4, 1));
    try (Mat image = new Mat(1, 4, CV_8UC3)) {
      // Red values 10, 20, 30, 40 across the row.
      image.data().put(new byte[] {0, 0, 10, 0, 0, 20, 0, 0, 30, 0, 0, 40});
      float[] out = new float[3 * 8];
      pre.write(image, 2, out, 0);
      int[] expectedRed = {30, 40, 10, 20, 30, 40, 10, 20};
      for (int x = 0; x < 8; x++) {
        assertThat(out[x]).as("column %d", x).isCloseTo(normalisedRed(expectedRed[x]), within(1e-5f));
      }
    }
  }
}
