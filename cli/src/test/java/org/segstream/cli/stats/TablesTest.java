package org.segstream.cli.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.CameraState;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.Projection;
import org.segstream.proto.v1.SceneStats;

class TablesTest {

  @Test
  void latestFrameListsClassesWithPercentages() {
    LatestFrame frame = LatestFrame.newBuilder().setCameraId("cam").setSequence(9)
        .setCaptureTimeUs(1_000_000L).setModelId("segformer/demo@abc")
        .addClasses(ClassArea.newBuilder().setClassId(0).setClassName("road").setAreaFraction(0.25))
        .addClasses(ClassArea.newBuilder().setClassId(42).setAreaFraction(0.75))
        .build();
    String table = Tables.latest(frame);
    assertThat(table).contains("camera cam  sequence 9  captured 00:00:01.000 UTC");
    assertThat(table).containsPattern("road\\s+25\\.00");
    assertThat(table).containsPattern("class-42\\s+75\\.00");
  }

  @Test
  void cameraRowsShowIngestHealthAndTheLastErrorOrADashWithoutAReport() {
    CameraInfo reported = CameraInfo.newBuilder().setCameraId("gate").setProjection(Projection.EQUIRECTANGULAR)
        .setStatus(CameraStatus.newBuilder().setCameraId("gate").setState(CameraState.RECONNECTING)
            .setMeasuredFps(4.5).setFramesSent(120).setFramesDropped(3).setLastError("connection refused"))
        .build();
    CameraInfo countedOnly = CameraInfo.newBuilder().setCameraId("lobby").setProjection(Projection.PINHOLE)
        .setLastSequence(7).setLastCaptureTimeUs(2_000_000L).build();

    String table = Tables.cameras(List.of(reported, countedOnly));

    assertThat(table).contains("SENT  DROPPED COUNTED SEQ  COUNTED CAPTURE (UTC)")
        .containsPattern("gate\\s+EQUIRECTANGULAR\\s+RECONNECTING\\s+4\\.5\\s+120\\s+3\\s+0\\s+-")
        .contains("last error: connection refused")
        .containsPattern("lobby\\s+PINHOLE\\s+-\\s+0\\.0\\s+0\\s+0\\s+7\\s+00:00:02\\.000");
  }

  @Test
  void windowRowsShowMeanMinMaxAndFramesPresent() {
    SceneStats window = SceneStats.newBuilder().setCameraId("cam").setWindowStartUs(0).setWindowEndUs(10_000_000L)
        .setFramesCounted(4)
        .addClasses(ClassStats.newBuilder().setClassId(10).setClassName("sky").setMeanAreaFraction(0.5)
            .setMinAreaFraction(0.1).setMaxAreaFraction(0.9).setFramesPresent(3).setMeanBlobCount(1.5))
        .build();
    assertThat(Tables.windows(List.of(window)))
        .contains("frames 4")
        .containsPattern("sky\\s+50\\.00\\s+10\\.00\\s+90\\.00\\s+3\\s+1\\.5\\n");
  }

  @Test
  void panoramaWindowRowsAddTheShareOfEachAzimuthSector() {
    SceneStats window = SceneStats.newBuilder().setCameraId("pano").setFramesCounted(1)
        .addClasses(ClassStats.newBuilder().setClassId(0).setClassName("road").setMeanAreaFraction(0.25)
            .setFramesPresent(1).setMeanBlobCount(1).addAllSectorAreaFraction(List.of(0.5, 0.0, 0.25, 0.25)))
        .build();
    assertThat(Tables.windows(List.of(window)))
        .contains("% OF EACH AZIMUTH SECTOR")
        .containsPattern("road\\s+25\\.00.*1\\.0\\s+50\\s+0\\s+25\\s+25\\n");
  }

  @Test
  void durationsParseInHoursMinutesSecondsAndMilliseconds() {
    var converter = new StatsCommand.DurationConverter();
    assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void noWindowsSaysSoInsteadOfPrintingNothing() {
    assertThat(Tables.windows(List.of())).startsWith("no windows of this size in this time range");
  }
}
