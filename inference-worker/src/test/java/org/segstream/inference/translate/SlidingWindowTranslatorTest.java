package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
