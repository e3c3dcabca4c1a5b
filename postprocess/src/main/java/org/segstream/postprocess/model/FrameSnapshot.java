package org.segstream.postprocess.model;

import java.util.List;
import org.segstream.proto.v1.Projection;

/**
 * The statistics of a camera's newest counted frame.
 *
 * @param cameraId the camera
 * @param sequence the frame's sequence
 * @param captureTimeUs the frame's capture time, microseconds since the epoch
 * @param classes classes present in the frame, ascending by id
 * @param modelId the model that segmented it
 * @param labelSet the label set its class ids refer to
 * @param projection the camera's projection
 * @param modelUs the model's time for the frame, microseconds
 */
public record FrameSnapshot(String cameraId, long sequence, long captureTimeUs, List<ClassShare> classes,
    String modelId, String labelSet, Projection projection, long modelUs) {

  public FrameSnapshot {
    classes = List.copyOf(classes);
  }

  /** The camera view of this frame. */
  public CameraSummary camera() {
    return new CameraSummary(cameraId, projection, captureTimeUs, sequence, null);
  }
}
