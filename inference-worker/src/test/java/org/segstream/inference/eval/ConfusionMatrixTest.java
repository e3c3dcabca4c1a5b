package org.segstream.inference.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.segstream.inference.translate.ClassMap;

class ConfusionMatrixTest {

  @Test
  void iouIsIntersectionOverUnionPerClass() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    // truth:     0 0 1 1 2 255
    // predicted: 0 1 1 1 2 0
    m.add(new byte[] {0, 0, 1, 1, 2, (byte) 255}, new byte[] {0, 1, 1, 1, 2, 0});
    assertThat(m.iou(0)).isCloseTo(1 / 2.0, within(1e-9));
    assertThat(m.iou(1)).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(m.iou(2)).isEqualTo(1.0);
    assertThat(m.meanIou()).isCloseTo((0.5 + 2 / 3.0 + 1) / 3, within(1e-9));
    assertThat(m.pixelAccuracy()).isCloseTo(4 / 5.0, within(1e-9));
  }

  @Test
  void classesAbsentFromTheTruthDoNotCountInTheMean() {
    ConfusionMatrix m = new ConfusionMatrix(4);
    m.add(new byte[] {0, 0}, new byte[] {0, 3});
    assertThat(m.iou(3)).isEqualTo(0.0);
    assertThat(m.meanIou()).isEqualTo(0.5);
  }

  @Test
  void predictionsOutsideTheLabelSetAreWrong() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    m.add(new byte[] {1, 1}, new byte[] {1, 9});
    assertThat(m.iou(1)).isEqualTo(0.5);
  }

  @Test
  void seamAgreementComparesTheEdgeColumns() {
    ClassMap map = new ClassMap(3, 2, new byte[] {4, 0, 4, 1, 0, 2});
    assertThat(Evaluator.sameEdgeRows(map)).isEqualTo(1);
  }
}
