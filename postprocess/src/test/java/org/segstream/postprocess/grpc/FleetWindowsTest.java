package org.segstream.postprocess.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.SceneStats;

class FleetWindowsTest {

  @Test
  void windowsOfTheSameStartMergeWeightedByTheirFrames() {
    SceneStats a = window(0, 3, cls(0, 0.5, 0.2, 0.8, 3, 1.0), cls(13, 0.25, 0.0, 0.5, 1, 2.0));
    SceneStats b = window(0, 1, cls(0, 1.0, 1.0, 1.0, 1, 3.0));
    SceneStats later = window(10, 2, cls(0, 1.0, 1.0, 1.0, 2, 1.0));

    List<SceneStats> merged = FleetWindows.merge(List.of(a, later), List.of(b));

    assertThat(merged).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(0L, 4L), tuple(10L, 2L));
    assertThat(merged.get(0).getClassesList())
        .extracting(ClassStats::getClassId, ClassStats::getMeanAreaFraction, ClassStats::getMinAreaFraction,
            ClassStats::getMaxAreaFraction, ClassStats::getFramesPresent, ClassStats::getMeanBlobCount)
        .containsExactly(tuple(0, 0.625, 0.2, 1.0, 4L, 1.5), tuple(13, 0.1875, 0.0, 0.5, 1L, 2.0));
  }

  private static SceneStats window(long start, long frames, ClassStats... classes) {
    return SceneStats.newBuilder().setWindowStartUs(start).setWindowEndUs(start + 10).setFramesCounted(frames)
        .setLabelSet("cityscapes-19").addAllClasses(List.of(classes)).build();
  }

  private static ClassStats cls(int id, double mean, double min, double max, long present, double blobs) {
    return ClassStats.newBuilder().setClassId(id).setMeanAreaFraction(mean).setMinAreaFraction(min)
        .setMaxAreaFraction(max).setFramesPresent(present).setMeanBlobCount(blobs).build();
  }
}
