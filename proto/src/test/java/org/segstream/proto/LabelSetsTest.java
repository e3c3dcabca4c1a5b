package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelSetsTest {
  @Test
  void everyLabelSetTheExporterKnowsIsKnownById() {
    assertThat(LabelSets.ids()).containsExactly("cityscapes-19", "ade20k-150", "stanford2d3d-13", "synpass-22");
    assertThat(LabelSets.byId("ade20k-150").orElseThrow().classes()).hasSize(150);
    assertThat(LabelSets.byId("stanford2d3d-13").orElseThrow().classes()).hasSize(13);
    assertThat(LabelSets.byId("synpass-22").orElseThrow().classes()).hasSize(22);
    assertThat(LabelSets.byId("no-such-set")).isEmpty();
  }

  @Test
  void cityscapesKeepsItsTrainIdOrderAndOfficialPalette() {
    LabelSets.LabelSet cityscapes = LabelSets.CITYSCAPES_19;
    assertThat(cityscapes.name(0)).isEqualTo("road");
    assertThat(cityscapes.name(13)).isEqualTo("car");
    assertThat(cityscapes.palette().get(13)).containsExactly(0, 0, 142);
    assertThat(cityscapes.name(19)).isEqualTo("class-19");
  }
}
