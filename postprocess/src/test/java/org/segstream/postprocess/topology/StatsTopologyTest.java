package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.segstream.postprocess.TestMasks.at;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.postprocess.TestMasks;
import org.segstream.postprocess.OnTopology;
import org.segstream.postprocess.TopologyFixture;
import org.segstream.postprocess.watch.LatestFrames;
import org.segstream.postprocess.model.ClassSummary;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.SceneStats;
import org.segstream.proto.v1.Projection;

class StatsTopologyTest extends OnTopology {
  private static final Duration TEN_S = Duration.ofSeconds(10);

  @Test
  void latestFrameHasAreaFractionsFromClassCountsWithClassNames() {
    topology.pipe(TestMasks.counted("cam-1", 7, at(1), 0, 25, 10, 60, 13, 15));

    LatestFrame latest = topology.latest("cam-1");
    assertThat(latest.getSequence()).isEqualTo(7);
    assertThat(latest.getCaptureTimeUs()).isEqualTo(at(1));
    assertThat(latest.getModelUs()).isEqualTo(1234);
    assertThat(latest.getClassesList()).extracting(ClassArea::getClassId, ClassArea::getClassName, ClassArea::getAreaFraction)
        .containsExactly(
            tuple(0, "road", 0.25),
            tuple(10, "sky", 0.60),
            tuple(13, "car", 0.15));
  }

  @Test
  void eachCamerasNewestFrameIsInMemoryWhileItsTaskRunsHere(@TempDir Path dir) {
    LatestFrames frames;
    try (TopologyFixture first = new TopologyFixture(dir)) {
      first.pipe(TestMasks.counted("cam-1", 2, at(2), 0, 100));
      first.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100)); // late: not the newest
      first.pipe(TestMasks.counted("cam-2", 5, at(3), 0, 100));
      frames = first.updates().latestFrames();

      assertThat(frames.get("cam-1")).isEqualTo(first.latest("cam-1"));
      assertThat(frames.get("cam-1").getSequence()).isEqualTo(2);
      assertThat(frames.get("cam-2").getSequence()).isEqualTo(5);
      assertThat(frames.get("cam-3")).isNull();
    }
    // The task closed, as when it moves to another instance: its cameras are not served from here.
    assertThat(frames.get("cam-1")).isNull();
    assertThat(frames.get("cam-2")).isNull();
  }

  @Test
  void areaFractionsFallBackToRleDataWhenClassCountsAreAbsent() {
    topology.pipe(TestMasks.rle("cam-1", 1, at(1), TestMasks.twoClassMap(8, 4, 8, 2, 8), 8, 4));

    assertThat(topology.latest("cam-1").getClassesList()).extracting(ClassArea::getClassId, ClassArea::getAreaFraction)
        .containsExactly(tuple(2, 0.25), tuple(8, 0.75));
  }

  @Test
  void anIndexedPngMaskWithoutClassCountsIsCountedFromItsMap() {
    topology.pipe(TestMasks.png("cam-1", 1, at(1), TestMasks.twoClassMap(8, 4, 24, 2, 8), 8, 4));

    assertThat(topology.latest("cam-1").getClassesList()).extracting(ClassArea::getClassId, ClassArea::getAreaFraction)
        .containsExactly(tuple(2, 0.75), tuple(8, 0.25));
  }

  @Test
  void classCountsListedOutOfOrderAreCountedByClass() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 13, 15, 0, 25, 10, 60));

    assertThat(topology.latest("cam-1").getClassesList()).extracting(ClassArea::getClassId, ClassArea::getAreaFraction)
        .containsExactly(tuple(0, 0.25), tuple(10, 0.60), tuple(13, 0.15));
    assertThat(topology.windows("cam-1", TEN_S).get(0).classes()).extracting(ClassSummary::classId)
        .containsExactly(0, 10, 13);
  }

  @Test
  void classNamesAreEmptyForAnUnknownLabelSet() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 3, 100).toBuilder().setLabelSet("home-grown-7").build());

    assertThat(topology.latest("cam-1").getClasses(0).getClassName()).isEmpty();
  }

  @Test
  void latestFrameIsTheLastCapturedEvenWhenAnOlderOneArrivesLater() {
    topology.pipe(TestMasks.counted("cam-1", 5, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 4, at(4), 0, 100));

    assertThat(topology.latest("cam-1").getSequence()).isEqualTo(5);
  }

  @Test
  void framesAreWindowedByCaptureTimeWithMeanMinMaxAndFramesPresent() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(0.5), 0, 20, 13, 80));
    topology.pipe(TestMasks.counted("cam-1", 2, at(4), 0, 60, 13, 40));
    topology.pipe(TestMasks.counted("cam-1", 3, at(9.9), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 4, at(10), 13, 100));

    List<WindowStats> windows = topology.windows("cam-1", TEN_S);
    assertThat(windows).extracting(WindowStats::windowStartUs, WindowStats::framesCounted)
        .containsExactly(tuple(at(0), 3L), tuple(at(10), 1L));
    assertThat(windows.get(0).windowEndUs()).isEqualTo(at(10));
    var road = windows.get(0).classes().get(0);
    assertThat(road.meanAreaFraction()).isCloseTo((0.2 + 0.6 + 1.0) / 3, within(1e-12));
    assertThat(road.minAreaFraction()).isEqualTo(0.2);
    assertThat(road.maxAreaFraction()).isEqualTo(1.0);
    assertThat(road.framesPresent()).isEqualTo(3);
  }

  @Test
  void aClassAbsentFromSomeFramesHasMinimumZeroAndAMeanOverAllFrames() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 20, 13, 80));
    topology.pipe(TestMasks.counted("cam-1", 2, at(2), 0, 60, 13, 40));
    topology.pipe(TestMasks.counted("cam-1", 3, at(3), 0, 100));

    var car = topology.windows("cam-1", TEN_S).get(0).classes().get(1);
    assertThat(car.classId()).isEqualTo(13);
    assertThat(car.className()).isEqualTo("car");
    assertThat(car.minAreaFraction()).isZero();
    assertThat(car.maxAreaFraction()).isEqualTo(0.8);
    assertThat(car.meanAreaFraction()).isCloseTo((0.8 + 0.4 + 0) / 3, within(1e-12));
    assertThat(car.framesPresent()).isEqualTo(2);
  }

  @Test
  void camerasAreAggregatedSeparately() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-2", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-2", 2, at(2), 0, 100));

    assertThat(topology.windows("cam-1", TEN_S).get(0).framesCounted()).isEqualTo(1);
    assertThat(topology.windows("cam-2", TEN_S).get(0).framesCounted()).isEqualTo(2);
  }

  @Test
  void aLateFrameWithinGraceIsCountedInItsWindow() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 3, at(14.9), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(9), 0, 100));

    assertThat(topology.windows("cam-1", TEN_S).get(0).framesCounted()).isEqualTo(2);
    assertThat(topology.dlq().isEmpty()).isTrue();
  }

  @Test
  void aLateFrameBeyondGraceIsNotCounted() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 3, at(15), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(9), 0, 100));

    assertThat(topology.windows("cam-1", TEN_S).get(0).framesCounted()).isEqualTo(1);
  }

  @Test
  void panoramaWindowsCarryMeanBlobCountsAndSectorAreas() {
    byte[] carsAndRoad = {1, 1, 0, 0, 0, 0, 2, 2, 1, 0, 0, 0, 0, 0, 2, 2};
    topology.pipe(panorama(1, at(1), carsAndRoad));
    topology.pipe(panorama(2, at(2), new byte[16]));

    SceneStats last = topology.stats().readValuesToList().get(1);

    ClassStats one = last.getClasses(1);
    assertThat(one.getClassId()).isEqualTo(1);
    assertThat(one.getMeanBlobCount()).isEqualTo(1.0);
    // 8 sectors of one column each; frames without the class count as 0 in the mean.
    assertThat(one.getSectorAreaFractionList()).containsExactly(0.5, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(last.getClasses(2).getSectorAreaFractionList())
        .containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.5);
    // Road wraps around the seam in the second frame only as one region.
    assertThat(last.getClasses(0).getMeanBlobCount()).isEqualTo(1.0);
  }

  private static Mask panorama(long sequence, long captureUs, byte[] map) {
    return TestMasks.rle("pano-1", sequence, captureUs, map, 8, 2).toBuilder()
        .setProjection(Projection.EQUIRECTANGULAR).build();
  }
}
