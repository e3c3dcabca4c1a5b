package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.segstream.postprocess.TestMasks.at;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.postprocess.TestMasks;
import org.segstream.postprocess.TopologyFixture;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.SceneStats;
import org.segstream.proto.v1.Projection;

class StatsTopologyTest {
  private static final Duration TEN_S = Duration.ofSeconds(10);

  @TempDir Path stateDir;
  private TopologyFixture topology;

  @BeforeEach
  void start() {
    topology = new TopologyFixture(stateDir);
  }

  @AfterEach
  void stop() {
    topology.close();
  }

  @Test
  void latestFrameHasAreaFractionsFromClassCountsWithClassNames() {
    topology.pipe(TestMasks.counted("cam-1", 7, at(1), 0, 25, 10, 60, 13, 15));

    LatestFrame latest = latest("cam-1");
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
  void areaFractionsFallBackToRleDataWhenClassCountsAreAbsent() {
    topology.pipe(TestMasks.rle("cam-1", 1, at(1), TestMasks.twoClassMap(8, 4, 8, 2, 8), 8, 4));

    assertThat(latest("cam-1").getClassesList()).extracting(ClassArea::getClassId, ClassArea::getAreaFraction)
        .containsExactly(tuple(2, 0.25), tuple(8, 0.75));
  }

  @Test
  void classNamesAreEmptyForAnUnknownLabelSet() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 3, 100).toBuilder().setLabelSet("home-grown-7").build());

    assertThat(latest("cam-1").getClasses(0).getClassName()).isEmpty();
  }

  @Test
  void latestFrameIsTheLastCapturedEvenWhenAnOlderOneArrivesLater() {
    topology.pipe(TestMasks.counted("cam-1", 5, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 4, at(4), 0, 100));

    assertThat(latest("cam-1").getSequence()).isEqualTo(5);
  }

  @Test
  void framesAreWindowedByCaptureTimeWithMeanMinMaxAndFramesPresent() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(0.5), 0, 20, 13, 80));
    topology.pipe(TestMasks.counted("cam-1", 2, at(4), 0, 60, 13, 40));
    topology.pipe(TestMasks.counted("cam-1", 3, at(9.9), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 4, at(10), 13, 100));

    List<WindowStats> windows = windows("cam-1");
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

    var car = windows("cam-1").get(0).classes().get(1);
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

    assertThat(windows("cam-1").get(0).framesCounted()).isEqualTo(1);
    assertThat(windows("cam-2").get(0).framesCounted()).isEqualTo(2);
  }

  @Test
  void aLateFrameWithinGraceIsCountedInItsWindow() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 3, at(14.9), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(9), 0, 100));

    assertThat(windows("cam-1").get(0).framesCounted()).isEqualTo(2);
    assertThat(topology.dlq().isEmpty()).isTrue();
  }

  @Test
  void aLateFrameBeyondGraceIsNotCounted() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 3, at(15), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(9), 0, 100));

    assertThat(windows("cam-1").get(0).framesCounted()).isEqualTo(1);
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

  @Test
  void everyWindowUpdateIsPublishedAsSceneStatsKeyedByCamera() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 50, 10, 50));
    topology.pipe(TestMasks.counted("cam-1", 2, at(2), 0, 100));

    var records = topology.stats().readKeyValuesToList();
    assertThat(records).extracting(kv -> kv.key).containsExactly("cam-1", "cam-1");
    SceneStats last = records.get(1).value;
    assertThat(last.getCameraId()).isEqualTo("cam-1");
    assertThat(last.getWindowStartUs()).isEqualTo(at(0));
    assertThat(last.getWindowEndUs()).isEqualTo(at(10));
    assertThat(last.getFramesCounted()).isEqualTo(2);
    assertThat(last.getLabelSet()).isEqualTo("cityscapes-19");
    assertThat(last.getClassesList()).extracting(ClassStats::getClassName, ClassStats::getMeanAreaFraction,
            ClassStats::getMinAreaFraction, ClassStats::getMaxAreaFraction, ClassStats::getFramesPresent)
        .containsExactly(
            tuple("road", 0.75, 0.5, 1.0, 2L),
            tuple("sky", 0.25, 0.0, 0.5, 1L));
  }

  @Test
  void aWindowUpdateIsStampedWithStreamTimeWithinTheWindowNeverWithItsFutureEnd() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(3), 0, 100));
    topology.pipeAtOnce(TestMasks.counted("cam-1", 2, at(14), 0, 100), TestMasks.counted("cam-1", 3, at(16), 0, 100));
    topology.letCommitIntervalPass();

    // [0, 10) published open at stream time 3 s, then closed (with no change) by the frame at 16 s;
    // [10, 20) published at stream time 16 s, not at its end.
    assertThat(topology.stats().readRecordsToList())
        .extracting(r -> r.getValue().getWindowStartUs(), r -> r.getRecordTime().toEpochMilli())
        .containsExactly(tuple(at(0), at(3) / 1000), tuple(at(10), at(16) / 1000));
  }

  @Test
  void eachConfiguredWindowSizeHasItsOwnWindows(@TempDir Path otherStateDir) {
    try (TopologyFixture twoSizes = new TopologyFixture(otherStateDir,
        List.of(Duration.ofSeconds(60), TEN_S), Duration.ofSeconds(5))) {
      twoSizes.pipe(TestMasks.counted("cam-1", 1, at(5), 0, 100));
      twoSizes.pipe(TestMasks.counted("cam-1", 2, at(15), 0, 100));

      assertThat(twoSizes.stats().readValuesToList())
          .extracting(SceneStats::getWindowStartUs, SceneStats::getWindowEndUs, SceneStats::getFramesCounted)
          .containsExactlyInAnyOrder(
              tuple(at(0), at(10), 1L), tuple(at(0), at(60), 1L),
              tuple(at(10), at(20), 1L), tuple(at(0), at(60), 2L));
    }
  }

  @Test
  void windowsArePublishedOncePerCommitIntervalNotPerFrame() {
    topology.pipeAtOnce(TestMasks.counted("cam-1", 1, at(1), 0, 100), TestMasks.counted("cam-1", 2, at(2), 0, 100),
        TestMasks.counted("cam-1", 3, at(3), 0, 100));
    assertThat(topology.stats().isEmpty()).isTrue();
    // Queries read the camera's state: its newest frame and open window are there at once.
    assertThat(latest("cam-1").getSequence()).isEqualTo(3);
    assertThat(windows("cam-1")).extracting(WindowStats::framesCounted).containsExactly(3L);

    topology.letCommitIntervalPass();

    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getFramesCounted).containsExactly(3L);
    assertThat(windows("cam-1")).extracting(WindowStats::framesCounted).containsExactly(3L);
    assertThat(latest("cam-1").getSequence()).isEqualTo(3);
    topology.letCommitIntervalPass();
    assertThat(topology.stats().isEmpty()).isTrue();
  }

  @Test
  void aWindowClosingUnchangedIsNotPublishedAgainAndOneClosingChangedIsPublishedWithItsFinalCount() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipeAtOnce(TestMasks.counted("cam-1", 2, at(12), 0, 100), TestMasks.counted("cam-1", 3, at(15), 0, 100));
    topology.letCommitIntervalPass();

    // [0, 10) closed at stream time 15 (end + 5 s grace) with the count published after frame 1.
    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(0), 1L), tuple(at(10), 2L));

    topology.pipeAtOnce(TestMasks.counted("cam-1", 4, at(13), 0, 100), TestMasks.counted("cam-1", 5, at(25), 0, 100));
    // The frame at 25 s closed [10, 20) in the same call that counted frame 4 in it.
    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(10), 3L));
    assertThat(storedFrames("cam-1")).containsExactly(1L, 3L);
    assertThat(windows("cam-1")).extracting(WindowStats::framesCounted).containsExactly(1L, 3L, 1L);
  }

  @Test
  void aWindowIsWrittenAndPublishedAsSoonAsTheCamerasNextWindowStartsAndALateFrameContinuesIt() {
    topology.pipeAtOnce(TestMasks.counted("cam-1", 1, at(1), 0, 100), TestMasks.counted("cam-1", 2, at(11), 0, 100));

    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(0), 1L));
    assertThat(storedFrames("cam-1")).containsExactly(1L);
    // The open window is served from the camera's state at once, before it is published.
    assertThat(windows("cam-1")).extracting(WindowStats::framesCounted).containsExactly(1L, 1L);

    topology.pipeAtOnce(TestMasks.counted("cam-1", 3, at(9), 0, 100));
    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(0), 2L));
    topology.letCommitIntervalPass();
    assertThat(windows("cam-1")).extracting(WindowStats::framesCounted).containsExactly(2L, 1L);
  }

  @Test
  void aCamerasWindowsCloseOnScheduleWhenOtherCamerasMoveStreamTime() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.stats().readValuesToList();
    topology.pipeAtOnce(TestMasks.counted("cam-1", 2, at(2), 0, 100), TestMasks.counted("cam-2", 1, at(30), 0, 100));
    topology.letCommitIntervalPass();

    assertThat(topology.stats().readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getFramesCounted())
        .containsExactlyInAnyOrder(tuple("cam-1", 2L), tuple("cam-2", 1L));
    // cam-1's window is closed: a frame for it now is too late for every window.
    topology.pipe(TestMasks.counted("cam-1", 3, at(3), 0, 100));
    assertThat(topology.dlq().readValuesToList()).hasSize(1);
    assertThat(windows("cam-1")).extracting(WindowStats::framesCounted).containsExactly(2L);
  }

  @Test
  void aWindowAnEarlierVersionLeftInItsStoreIsContinuedNotOverwritten() {
    WindowAggregate earlier = WindowAggregate.empty().add((FrameStats) MaskChecks.check("cam-2",
        TestMasks.counted("cam-2", 1, at(1), 0, 100).toByteArray(), 8));
    topology.writableWindows(TEN_S).put("cam-2", org.apache.kafka.streams.state.ValueAndTimestamp.make(earlier, 0L),
        at(0) / 1000);

    topology.pipe(TestMasks.counted("cam-2", 2, at(2), 0, 100));

    assertThat(windows("cam-2")).extracting(WindowStats::framesCounted).containsExactly(earlier.frames() + 1);
  }

  private LatestFrame latest(String camera) {
    CameraWindows state = topology.stores().cameraWindows().get(camera);
    return state == null ? null : state.latest();
  }

  /** The camera's 10 s windows as queries read them: closed ones from the window store, open ones from the state. */
  private List<WindowStats> windows(String camera) {
    return new org.segstream.postprocess.query.StatsQueries(topology.stores(), List.of(TEN_S))
        .windows(camera, TEN_S, Instant.EPOCH, Instant.now());
  }

  /** The camera's 10 s windows written to the window store (those that left the camera's state). */
  private List<Long> storedFrames(String camera) {
    ReadOnlyWindowStore<String, WindowAggregate> store = topology.stores().windows(TEN_S);
    try (WindowStoreIterator<WindowAggregate> it = store.fetch(camera, Instant.EPOCH, Instant.now())) {
      List<Long> out = new java.util.ArrayList<>();
      it.forEachRemaining(kv -> out.add(kv.value.frames()));
      return out;
    }
  }
}
