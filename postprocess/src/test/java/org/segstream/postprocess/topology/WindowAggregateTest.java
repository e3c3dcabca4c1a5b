package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segstream.postprocess.TestMasks.at;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.proto.v1.Projection;

class WindowAggregateTest {

  @Test
  void addingAFramesOneFrameAggregateEqualsAddingTheFrame() {
    FrameStats first = frame("cityscapes-19", Projection.EQUIRECTANGULAR, Map.of(0, 30L, 13, 70L),
        new FrameGeometry(new TreeMap<>(Map.of(0, 1L, 13, 2L)), new TreeMap<>(Map.of(0, List.of(0.5, 0.1),
            13, List.of(0.5, 0.9)))));
    FrameStats second = frame("ade20k-150", Projection.PINHOLE, Map.of(0, 60L, 7, 40L),
        new FrameGeometry(new TreeMap<>(Map.of(0, 3L, 7, 1L)), new TreeMap<>()));
    WindowAggregate window = WindowAggregate.empty().add(first);

    WindowAggregate viaPlus = window.plus(WindowAggregate.empty().add(second));

    assertThat(viaPlus).isEqualTo(window.add(second));
    // The newer frames' label set and projection, as add keeps them.
    assertThat(viaPlus.labelSet()).isEqualTo("ade20k-150");
    assertThat(viaPlus.projection()).isEqualTo(Projection.PINHOLE);
    assertThat(viaPlus.frames()).isEqualTo(2);
  }

  @Test
  void aFramesGeometryMustBeOfTheFramesOwnClasses() {
    assertThatThrownBy(() -> frame("cityscapes-19", Projection.PINHOLE, Map.of(0, 30L, 13, 70L),
        new FrameGeometry(new TreeMap<>(Map.of(0, 1L, 7, 2L)), new TreeMap<>())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geometry of classes [0, 7] for a frame of classes [0, 13]");
  }

  private static FrameStats frame(String labelSet, Projection projection, Map<Integer, Long> classPixels,
      FrameGeometry geometry) {
    return new FrameStats("cam-1", 1, at(1), "m", labelSet, projection, 0, 100, new TreeMap<>(classPixels), geometry);
  }
}
