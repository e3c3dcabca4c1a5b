package org.segstream.postprocess.model;

import org.segstream.proto.v1.Projection;

/**
 * What the postprocessor knows about one camera, from its newest counted frame.
 *
 * @param cameraId the camera
 * @param projection the camera's projection
 * @param lastCaptureTimeUs capture time of the newest frame, microseconds since the epoch
 * @param lastSequence sequence of the newest frame
 */
public record CameraSummary(String cameraId, Projection projection, long lastCaptureTimeUs, long lastSequence) {}
