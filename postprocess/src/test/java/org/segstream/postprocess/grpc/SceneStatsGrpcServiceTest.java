package org.segstream.postprocess.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.segstream.postprocess.TestMasks.at;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.TestMasks;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.GetFleetStatsRequest;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.GetWindowStatsRequest;
import org.segstream.proto.v1.GetWindowStatsResponse;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.Projection;
import org.segstream.proto.v1.SceneStats;

/** ListCameras, GetLatest, GetWindowStats and GetFleetStats, with every error status. */
class SceneStatsGrpcServiceTest extends ServiceOnTopology {
  @Test
  void listCamerasListsEveryCameraWithItsNewestFrame() {
    topology.pipe(TestMasks.counted("cam-2", 4, at(4), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));

    assertThat(stub().listCameras(ListCamerasRequest.getDefaultInstance()).getCamerasList())
        .extracting(CameraInfo::getCameraId, CameraInfo::getProjection, CameraInfo::getLastCaptureTimeUs,
            CameraInfo::getLastSequence)
        .containsExactly(tuple("cam-1", Projection.PINHOLE, at(1), 1L), tuple("cam-2", Projection.PINHOLE, at(4), 4L));
  }

  @Test
  void getLatestReturnsTheNewestFrameOfTheCamera() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(2), 10, 40, 13, 60));

    LatestFrame latest = stub().getLatest(GetLatestRequest.newBuilder().setCameraId("cam-1").build());

    assertThat(latest.getSequence()).isEqualTo(2);
    assertThat(latest.getLabelSet()).isEqualTo("cityscapes-19");
    assertThat(latest.getClassesList()).extracting(ClassArea::getClassName, ClassArea::getAreaFraction)
        .containsExactly(tuple("sky", 0.4), tuple("car", 0.6));
  }

  @Test
  void getLatestOfAnUnknownCameraIsNotFound() {
    assertStatus(() -> stub().getLatest(GetLatestRequest.newBuilder().setCameraId("nobody").build()),
        Status.Code.NOT_FOUND, "no frames counted for camera 'nobody'");
  }

  @Test
  void getLatestWithoutCameraIsInvalid() {
    assertStatus(() -> stub().getLatest(GetLatestRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "camera_id is required");
  }

  @Test
  void getWindowStatsReturnsTheWindowsOfTheRequestedSizeAscending() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(12), 0, 50, 13, 50));

    List<SceneStats> windows = stub().getWindowStats(GetWindowStatsRequest.newBuilder()
        .setCameraId("cam-1").setWindowSeconds(60).build()).getWindowsList();

    assertThat(windows).extracting(SceneStats::getWindowStartUs, SceneStats::getWindowEndUs, SceneStats::getFramesCounted)
        .containsExactly(tuple(at(0), at(60), 2L));
    assertThat(windows.get(0).getClasses(1).getMeanAreaFraction()).isEqualTo(0.25);
  }

  @Test
  void getWindowStatsWithoutSizeUsesTheSmallestAndHonoursTheTimeRange() {
    for (int s = 0; s < 30; s += 10) {
      topology.pipe(TestMasks.counted("cam-1", s, at(s + 1), 0, 100));
    }

    List<SceneStats> windows = stub().getWindowStats(GetWindowStatsRequest.newBuilder()
        .setCameraId("cam-1").setFromUs(at(10)).setToUs(at(20)).build()).getWindowsList();

    assertThat(windows).extracting(SceneStats::getWindowStartUs, SceneStats::getWindowEndUs)
        .containsExactly(tuple(at(10), at(20)), tuple(at(20), at(30)));
  }

  @Test
  void getWindowStatsOfAnUnaggregatedSizeIsInvalid() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));

    assertStatus(() -> stub().getWindowStats(GetWindowStatsRequest.newBuilder()
            .setCameraId("cam-1").setWindowSeconds(30).build()),
        Status.Code.INVALID_ARGUMENT, "window_seconds 30 is not aggregated; use one of [10, 60]");
  }

  @Test
  void getWindowStatsWithAReversedRangeIsInvalid() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));

    assertStatus(() -> stub().getWindowStats(GetWindowStatsRequest.newBuilder()
            .setCameraId("cam-1").setFromUs(at(20)).setToUs(at(10)).build()),
        Status.Code.INVALID_ARGUMENT, "from_us " + at(20) + " is after to_us " + at(10));
  }

  @Test
  void getWindowStatsPagesThroughTheWindowsWithTokens() {
    for (int s = 0; s < 50; s += 10) {
      topology.pipe(TestMasks.counted("cam-1", s, at(s + 1), 0, 100));
    }
    List<Long> starts = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      GetWindowStatsResponse page = stub().getWindowStats(GetWindowStatsRequest.newBuilder().setCameraId("cam-1")
          .setPageSize(2).setPageToken(token).build());
      assertThat(page.getWindowsCount()).isLessThanOrEqualTo(2);
      page.getWindowsList().forEach(w -> starts.add(w.getWindowStartUs()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(starts).containsExactly(at(0), at(10), at(20), at(30), at(40));
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void badPagesAndOversizedRangesAreInvalid() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    GetWindowStatsRequest.Builder request = GetWindowStatsRequest.newBuilder().setCameraId("cam-1");

    assertStatus(() -> stub().getWindowStats(request.clone().setPageToken("garbage!").build()),
        Status.Code.INVALID_ARGUMENT, "page_token is not one this server issued");
    assertStatus(() -> stub().getWindowStats(request.clone().setPageSize(5001).build()),
        Status.Code.INVALID_ARGUMENT, "page_size 5001 is over 5000");
    assertStatus(() -> stub().getWindowStats(request.clone().setWindowSeconds(10).setFromUs(at(0)).setToUs(at(2_000_000))
            .build()),
        Status.Code.INVALID_ARGUMENT, "the time range spans 200000 windows of 10 s; at most 100000: narrow from_us/to_us");
  }

  @Test
  void getWindowStatsOfAnUnknownCameraIsNotFound() {
    assertStatus(() -> stub().getWindowStats(GetWindowStatsRequest.newBuilder().setCameraId("nobody").build()),
        Status.Code.NOT_FOUND, "no frames counted for camera 'nobody'");
  }

  @Test
  void getWindowStatsWithoutCameraIsInvalid() {
    assertStatus(() -> stub().getWindowStats(GetWindowStatsRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "camera_id is required");
  }

  @Test
  void getFleetStatsMergesEveryCamerasWindowOfTheSameStart() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-2", 1, at(2), 0, 50, 13, 50));
    topology.pipe(TestMasks.counted("cam-2", 2, at(12), 13, 100));

    List<SceneStats> windows = stub().getFleetStats(GetFleetStatsRequest.newBuilder().setWindowSeconds(10).build())
        .getWindowsList();

    assertThat(windows).extracting(SceneStats::getCameraId, SceneStats::getWindowStartUs, SceneStats::getFramesCounted)
        .containsExactly(tuple("", at(0), 2L), tuple("", at(10), 1L));
    assertThat(windows.get(0).getClassesList())
        .extracting(ClassStats::getClassId, ClassStats::getMeanAreaFraction, ClassStats::getMinAreaFraction,
            ClassStats::getFramesPresent)
        .containsExactly(tuple(0, 0.75, 0.5, 2L), tuple(13, 0.25, 0.0, 1L));
  }

  @Test
  void getFleetStatsOfAnUnaggregatedSizeOrAReversedRangeIsInvalid() {
    assertStatus(() -> stub().getFleetStats(GetFleetStatsRequest.newBuilder().setWindowSeconds(30).build()),
        Status.Code.INVALID_ARGUMENT, "window_seconds 30 is not aggregated; use one of [10, 60]");
    assertStatus(() -> stub().getFleetStats(GetFleetStatsRequest.newBuilder().setFromUs(at(20)).setToUs(at(10))
            .build()),
        Status.Code.INVALID_ARGUMENT, "from_us " + at(20) + " is after to_us " + at(10));
  }
}
