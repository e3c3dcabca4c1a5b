package org.segstream.postprocess.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segstream.postprocess.TestMasks.at;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.TestMasks;
import org.segstream.postprocess.OnTopology;
import org.segstream.postprocess.TopologyFixture;
import org.segstream.postprocess.model.CameraSummary;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.proto.v1.CameraState;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.Projection;

class StatsQueriesTest extends OnTopology {
  private static final List<Duration> SIZES = List.of(Duration.ofSeconds(10));

  private StatsQueries queries;

  @BeforeEach
  void readThroughQueries() {
    queries = new StatsQueries(topology.stores(), SIZES);
  }

  @Test
  void camerasAreListedByIdWithTheirNewestFrame() {
    topology.pipe(TestMasks.counted("cam-b", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-a", 8, at(2), 0, 100));
    topology.pipe(TestMasks.counted("cam-a", 9, at(3), 0, 100));

    assertThat(queries.listCameras()).containsExactly(
        new CameraSummary("cam-a", Projection.PINHOLE, at(3), 9, null),
        new CameraSummary("cam-b", Projection.PINHOLE, at(1), 1, null));
  }

  @Test
  void camerasIngestReportsAreListedWithTheirHealthEvenBeforeTheirFirstFrame() {
    topology.pipe(TestMasks.counted("cam-a", 9, at(3), 0, 100));
    CameraStatus online = status("cam-a", CameraState.ONLINE, Projection.PINHOLE);
    CameraStatus reconnecting = status("pano-1", CameraState.RECONNECTING, Projection.EQUIRECTANGULAR);
    topology.report(online);
    topology.report(reconnecting);

    assertThat(queries.listCameras()).containsExactly(
        new CameraSummary("cam-a", Projection.PINHOLE, at(3), 9, online),
        new CameraSummary("pano-1", Projection.EQUIRECTANGULAR, 0, 0, reconnecting));
  }

  @Test
  void aCameraRemovedFromTheFleetKeepsItsCountedFramesButLosesItsReport() {
    topology.pipe(TestMasks.counted("cam-a", 9, at(3), 0, 100));
    topology.report(status("cam-a", CameraState.ONLINE, Projection.PINHOLE));
    topology.report(status("cam-b", CameraState.ONLINE, Projection.PINHOLE));

    topology.removeCamera("cam-a");
    topology.removeCamera("cam-b");

    assertThat(queries.listCameras()).containsExactly(new CameraSummary("cam-a", Projection.PINHOLE, at(3), 9, null));
  }

  private static CameraStatus status(String camera, CameraState state, Projection projection) {
    return CameraStatus.newBuilder().setCameraId(camera).setState(state).setProjection(projection)
        .setMeasuredFps(4.5).setFramesSent(42).setSource("rtsp://10.0.0.7/live").build();
  }

  @Test
  void fleetWindowsAddUpCamerasAndLeaveOutTheirSectors() {
    byte[] half = TestMasks.twoClassMap(8, 2, 8, 0, 10);
    topology.pipe(TestMasks.rle("pano-1", 1, at(1), half, 8, 2).toBuilder()
        .setProjection(Projection.EQUIRECTANGULAR).build());
    topology.pipe(TestMasks.rle("cam-1", 1, at(2), half, 8, 2));

    List<WindowStats> fleet = queries.fleetWindows(SIZES.get(0), Instant.EPOCH, micros(at(100)));

    assertThat(fleet).singleElement().satisfies(w -> {
      assertThat(w.cameraId()).isEmpty();
      assertThat(w.framesCounted()).isEqualTo(2);
      assertThat(w.classes()).extracting(c -> c.classId(), c -> c.meanAreaFraction(), c -> c.meanBlobCount(),
          c -> c.sectorAreaFractions()).containsExactly(
              org.assertj.core.api.Assertions.tuple(0, 0.5, 1.0, List.of()),
              org.assertj.core.api.Assertions.tuple(10, 0.5, 1.0, List.of()));
    });
  }

  @Test
  void aWindowInItsStoreAndStillInTheCamerasStateCountsOnceInTheFleetAndForTheCamera() {
    byte[] half = TestMasks.twoClassMap(8, 2, 8, 0, 10);
    topology.pipe(TestMasks.rle("cam-1", 1, at(1), half, 8, 2));
    topology.pipe(TestMasks.rle("cam-2", 1, at(2), half, 8, 2));
    // The moment a window leaves cam-1's state: written to its store, the state not yet written back.
    Duration size = SIZES.get(0);
    var open = topology.stores().cameraWindows().get("cam-1").openWindows(size);
    long startMs = open.firstKey();
    topology.writableWindows(size).put("cam-1",
        org.apache.kafka.streams.state.ValueAndTimestamp.make(open.get(startMs), startMs + size.toMillis() - 1), startMs);

    assertThat(queries.fleetWindows(size, Instant.EPOCH, micros(at(100))))
        .singleElement().satisfies(w -> assertThat(w.framesCounted()).isEqualTo(2));
    assertThat(queries.windows("cam-1", size, Instant.EPOCH, micros(at(100)), 10))
        .singleElement().satisfies(w -> assertThat(w.framesCounted()).isEqualTo(1));
  }

  @Test
  void latestOfAnUnknownCameraIsEmpty() {
    assertThat(queries.latest("nobody")).isEmpty();
  }

  @Test
  void windowsStartingInTheRangeAreReturnedAscending() {
    for (int s = 0; s < 40; s += 10) {
      topology.pipe(TestMasks.counted("cam-1", s, at(s + 1), 0, 100));
    }

    List<WindowStats> windows = queries.windows("cam-1", SIZES.get(0), micros(at(10)), micros(at(20)));

    assertThat(windows).extracting(WindowStats::windowStartUs).containsExactly(at(10), at(20));
  }

  @Test
  void aLowerBoundInsideAMillisecondExcludesTheWindowStartingAtThatMillisecond() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));

    assertThat(queries.windows("cam-1", SIZES.get(0), micros(at(0) + 1), micros(at(100)))).isEmpty();
  }

  @Test
  void aWindowSizeNotAggregatedIsRefused() {
    assertThatThrownBy(() -> queries.windows("cam-1", Duration.ofSeconds(60), Instant.EPOCH, Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storesOfAKafkaStreamsNotRunningAreReportedAsUnavailable(@TempDir Path otherStateDir) {
    PostprocessConfig config = TopologyFixture.config(otherStateDir, SIZES, Duration.ofSeconds(5));
    try (KafkaStreams notStarted = new KafkaStreams(StatsTopology.build(config), config.streamsProperties())) {
      StatsQueries fromStreams = new StatsQueries(notStarted, SIZES);

      assertThatThrownBy(fromStreams::listCameras).isInstanceOf(StoresUnavailableException.class);
    }
  }

  private static Instant micros(long us) {
    return Instant.EPOCH.plus(us, ChronoUnit.MICROS);
  }
}
