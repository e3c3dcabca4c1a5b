package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NearestNeighbourTest {
  @Test
  void upscalingRepeatsEachPixelWithoutBlendingClasses() {
    ClassMap map = new ClassMap(2, 2, new byte[] {1, 2, 3, 4});
    ClassMap scaled = NearestNeighbour.scale(map, 4, 4);
    assertThat(scaled.classes()).containsExactly(
        1, 1, 2, 2,
        1, 1, 2, 2,
        3, 3, 4, 4,
        3, 3, 4, 4);
  }

  @Test
  void downscalingTakesThePixelUnderEachCentre() {
    ClassMap map = new ClassMap(4, 1, new byte[] {1, 2, 3, 4});
    assertThat(NearestNeighbour.scale(map, 2, 1).classes()).containsExactly(2, 4);
  }

  @Test
  void theSameSizeIsTheSameMap() {
    ClassMap map = new ClassMap(2, 1, new byte[] {1, 2});
    assertThat(NearestNeighbour.scale(map, 2, 1)).isSameAs(map);
  }
}
