package org.segstream.postprocess.model;

import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.ClassArea;
import org.segstream.proto.v1.ClassStats;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.SceneStats;

/**
 * Maps the domain records to the wire contract's messages and back. One mapping serves both the
 * stats topic and the gRPC service, so the two can never disagree about a field.
 */
public final class StatsProtos {
  private StatsProtos() {}

  public static SceneStats toProto(WindowStats stats) {
    SceneStats.Builder b = SceneStats.newBuilder()
        .setCameraId(stats.cameraId())
        .setWindowStartUs(stats.windowStartUs())
        .setWindowEndUs(stats.windowEndUs())
        .setFramesCounted(stats.framesCounted())
        .setLabelSet(stats.labelSet())
        .setProjection(stats.projection());
    for (ClassSummary c : stats.classes()) {
      b.addClasses(ClassStats.newBuilder()
          .setClassId(c.classId())
          .setClassName(c.className())
          .setMeanAreaFraction(c.meanAreaFraction())
          .setMinAreaFraction(c.minAreaFraction())
          .setMaxAreaFraction(c.maxAreaFraction())
          .setFramesPresent(c.framesPresent())
          .setMeanBlobCount(c.meanBlobCount())
          .addAllSectorAreaFraction(c.sectorAreaFractions()));
    }
    return b.build();
  }

  public static LatestFrame toProto(FrameSnapshot frame) {
    LatestFrame.Builder b = LatestFrame.newBuilder()
        .setCameraId(frame.cameraId())
        .setSequence(frame.sequence())
        .setCaptureTimeUs(frame.captureTimeUs())
        .setModelId(frame.modelId())
        .setLabelSet(frame.labelSet())
        .setProjection(frame.projection())
        .setModelUs(frame.modelUs());
    for (ClassShare c : frame.classes()) {
      b.addClasses(ClassArea.newBuilder()
          .setClassId(c.classId())
          .setClassName(c.className())
          .setAreaFraction(c.areaFraction()));
    }
    return b.build();
  }

  public static FrameSnapshot fromProto(LatestFrame frame) {
    return new FrameSnapshot(frame.getCameraId(), frame.getSequence(), frame.getCaptureTimeUs(),
        frame.getClassesList().stream()
            .map(c -> new ClassShare(c.getClassId(), c.getClassName(), c.getAreaFraction()))
            .toList(),
        frame.getModelId(), frame.getLabelSet(), frame.getProjection(), frame.getModelUs());
  }

  public static CameraInfo toProto(CameraSummary camera) {
    CameraInfo.Builder info = CameraInfo.newBuilder()
        .setCameraId(camera.cameraId())
        .setProjection(camera.projection())
        .setLastCaptureTimeUs(camera.lastCaptureTimeUs())
        .setLastSequence(camera.lastSequence());
    if (camera.status() != null) {
      info.setStatus(camera.status());
    }
    return info.build();
  }
}
