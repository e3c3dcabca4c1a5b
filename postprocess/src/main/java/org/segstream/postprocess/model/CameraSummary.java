package org.segstream.postprocess.model;

import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.Projection;

/**
 * What the postprocessor knows about one camera: its newest counted frame and the health ingest
 * last reported for it.
 *
 * @param cameraId the camera
 * @param projection the camera's projection
 * @param lastCaptureTimeUs capture time of the newest frame, microseconds since the epoch; 0 with no frame yet
 * @param lastSequence sequence of the newest frame; 0 with no frame yet
 * @param status ingest's last report on {@code segstream.cameras}, or null when there is none
 */
public record CameraSummary(String cameraId, Projection projection, long lastCaptureTimeUs, long lastSequence,
    CameraStatus status) {

  /** A camera ingest reports but with no counted frame yet. */
  public static CameraSummary reportedOnly(CameraStatus status) {
    return new CameraSummary(status.getCameraId(), status.getProjection(), 0, 0, status);
  }

  /** This camera with ingest's report attached. */
  public CameraSummary withStatus(CameraStatus report) {
    return new CameraSummary(cameraId, projection, lastCaptureTimeUs, lastSequence, report);
  }
}
