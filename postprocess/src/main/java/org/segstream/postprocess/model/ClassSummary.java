package org.segstream.postprocess.model;

import java.util.List;

/**
 * The statistics of one class over one window; frames without the class count as area 0.
 *
 * @param classId class index into the label set
 * @param className name from the label set, empty when the label set is unknown
 * @param meanAreaFraction mean over the window's frames of the class's area fraction
 * @param minAreaFraction smallest per-frame area fraction (0 if some frame lacks the class)
 * @param maxAreaFraction largest per-frame area fraction
 * @param framesPresent frames with at least one pixel of the class
 * @param meanBlobCount mean connected regions (4-connected; across the seam for panoramas) per frame
 *     where present
 * @param sectorAreaFractions for panoramas, per azimuth sector the mean over the window's frames of
 *     the class's share of that sector; empty for pinhole cameras
 */
public record ClassSummary(int classId, String className, double meanAreaFraction, double minAreaFraction,
    double maxAreaFraction, long framesPresent, double meanBlobCount, List<Double> sectorAreaFractions) {

  public ClassSummary {
    sectorAreaFractions = List.copyOf(sectorAreaFractions);
  }
}
