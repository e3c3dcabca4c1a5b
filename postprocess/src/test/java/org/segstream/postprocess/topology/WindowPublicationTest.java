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
import org.segstream.postprocess.model.WindowStats;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.SceneStats;

/**
 * When the topology publishes and stores windows: once per commit interval, when a window closes
 * or the camera's next one starts, stamped within the window, and continuing what a store holds.
 */
class WindowPublicationTest extends OnTopology {
  private static final Duration TEN_S = Duration.ofSeconds(10);

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
    assertThat(topology.latest("cam-1").getSequence()).isEqualTo(3);
    assertThat(topology.windows("cam-1", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(3L);

    topology.letCommitIntervalPass();

    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getFramesCounted).containsExactly(3L);
    assertThat(topology.windows("cam-1", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(3L);
    assertThat(topology.latest("cam-1").getSequence()).isEqualTo(3);
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
    assertThat(topology.storedFrames("cam-1", TEN_S)).containsExactly(1L, 3L);
    assertThat(topology.windows("cam-1", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(1L, 3L, 1L);
  }

  @Test
  void aWindowIsWrittenAndPublishedAsSoonAsTheCamerasNextWindowStartsAndALateFrameContinuesIt() {
    topology.pipeAtOnce(TestMasks.counted("cam-1", 1, at(1), 0, 100), TestMasks.counted("cam-1", 2, at(11), 0, 100));

    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(0), 1L));
    assertThat(topology.storedFrames("cam-1", TEN_S)).containsExactly(1L);
    // The open window is served from the camera's state at once, before it is published.
    assertThat(topology.windows("cam-1", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(1L, 1L);

    topology.pipeAtOnce(TestMasks.counted("cam-1", 3, at(9), 0, 100));
    assertThat(topology.stats().readValuesToList()).extracting(SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(0), 2L));
    topology.letCommitIntervalPass();
    assertThat(topology.windows("cam-1", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(2L, 1L);
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
    assertThat(topology.windows("cam-1", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(2L);
  }

  @Test
  void aWindowAnEarlierVersionLeftInItsStoreIsContinuedNotOverwritten() {
    WindowAggregate earlier = WindowAggregate.empty().add((FrameStats) MaskChecks.check("cam-2",
        TestMasks.counted("cam-2", 1, at(1), 0, 100).toByteArray(), 8));
    topology.writableWindows(TEN_S).put("cam-2", org.apache.kafka.streams.state.ValueAndTimestamp.make(earlier, 0L),
        at(0) / 1000);

    topology.pipe(TestMasks.counted("cam-2", 2, at(2), 0, 100));

    assertThat(topology.windows("cam-2", TEN_S)).extracting(WindowStats::framesCounted).containsExactly(earlier.frames() + 1);
  }
}
