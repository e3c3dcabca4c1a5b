package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassMapsTest {

  @Test
  void splitsABatchAndCropsPaddingColumns() {
    // Two 2x4 maps; the outer column on each side is padding.
    byte[] all = {9, 1, 2, 9, 9, 3, 4, 9, 8, 5, 6, 8, 8, 7, 0, 8};
    List<ClassMap> maps = ClassMaps.split(all, 2, 2, 4, 1);
    assertThat(maps.get(0).width()).isEqualTo(2);
    assertThat(maps.get(0).classes()).containsExactly(1, 2, 3, 4);
    assertThat(maps.get(1).classes()).containsExactly(5, 6, 7, 0);
  }
}
