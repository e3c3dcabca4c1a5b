package org.segstream.postprocess.model;

import java.util.List;
import org.segstream.proto.v1.Projection;

/**
 * The statistics of one camera over one tumbling window of capture time.
 *
 * @param cameraId the camera
 * @param windowStartUs window start, inclusive, microseconds since the epoch
 * @param windowEndUs window end, exclusive
 * @param framesCounted frames counted in the window
 * @param classes every class seen in the window, ascending by id
 * @param labelSet label set of the newest frame counted
 * @param projection projection of the camera
 */
public record WindowStats(String cameraId, long windowStartUs, long windowEndUs, long framesCounted,
    List<ClassSummary> classes, String labelSet, Projection projection) {

  public WindowStats {
    classes = List.copyOf(classes);
  }
}
