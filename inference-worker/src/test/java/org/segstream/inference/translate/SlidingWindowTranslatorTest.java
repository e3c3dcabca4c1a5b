package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.ModelCardTest;

class SlidingWindowTranslatorTest {

  @Test
  void cityscapesTilesCoverTheFrameWithTheLastAlignedToTheEdge() {
    // 1024x2048 frame, 1024x1024 windows every 768: three tiles across, the last ending at 2048.
    List<int[]> tiles = SlidingWindowTranslator.tileOrigins(1024, 2048, 1024, 1024, 768, 768);
    assertThat(tiles).extracting(t -> t[0] + "," + t[1]).containsExactly("0,0", "0,768", "0,1024");
  }

  @Test
  void aWindowLargerThanTheFrameIsOneTile() {
    assertThat(SlidingWindowTranslator.tileOrigins(256, 512, 256, 512, 192, 384)).hasSize(1);
  }

  @Test
  void overlappingTilesOfAFrameAreAveragedIntoItsLogits(@TempDir Path dir) throws IOException {
    // An 8x12 input in 8x8 windows every 4 columns: tiles at columns 0 and 4; logits at 1/2, so
    // two 4x4 tiles over a 4x6 canvas, overlapping in columns 2 and 3.
    Files.writeString(dir.resolve("model.json"), ModelCardTest.VALID
        .replace("\"height\": 256, \"width\": 512, \"resize\": \"stretch\"",
            "\"height\": 8, \"width\": 12, \"resize\": \"sliding\", \"window\": [8, 8], \"window_stride\": [4, 4]")
        .replace("\"argmax_in_graph\": true, \"dtype\": \"uint8\", \"stride\": 1",
            "\"argmax_in_graph\": false, \"dtype\": \"float32\", \"stride\": 2"));
    SlidingWindowTranslator translator = new SlidingWindowTranslator(ModelCard.load(dir));
    int classes = 2;
    int tileLen = classes * 4 * 4;
    // Two frames of two tiles each, as one batch's output.
    float[] output = new float[2 * 2 * tileLen];
    Random random = new Random(7);
    for (int i = 0; i < output.length; i++) {
      output[i] = random.nextFloat() * 10 - 5;
    }

    for (int pass = 0; pass < 2; pass++) {
      // The second pass gets the first's canvas back from the pool: nothing of it may remain.
      Logits logits = translator.stitch(FloatBuffer.wrap(output), 1, classes, 4, 4);
      assertThat(logits.height()).isEqualTo(4);
      assertThat(logits.width()).isEqualTo(6);
      for (int c = 0; c < classes; c++) {
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 6; x++) {
            float left = x < 4 ? output[2 * tileLen + (c * 4 + y) * 4 + x] : 0f;
            float right = x >= 2 ? output[3 * tileLen + (c * 4 + y) * 4 + x - 2] : 0f;
            float expected = x >= 2 && x < 4 ? (left + right) / 2 : left + right;
            assertThat(logits.values()[(c * 4 + y) * 6 + x]).as("class %d at %d,%d", c, y, x).isEqualTo(expected);
          }
        }
      }
      FloatArrays.recycle(logits.values());
    }
  }
}
