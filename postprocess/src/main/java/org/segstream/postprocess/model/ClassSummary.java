package org.segstream.postprocess.model;

/**
 * The statistics of one class over one window; frames without the class count as area 0.
 *
 * @param classId class index into the label set
 * @param className name from the label set, empty when the label set is unknown
 * @param meanAreaFraction mean over the window's frames of the class's area fraction
 * @param minAreaFraction smallest per-frame area fraction (0 if some frame lacks the class)
 * @param maxAreaFraction largest per-frame area fraction
 * @param framesPresent frames with at least one pixel of the class
 * @param meanBlobCount mean connected regions per frame where present; 0 until blob counting exists
 */
public record ClassSummary(int classId, String className, double meanAreaFraction, double minAreaFraction,
    double maxAreaFraction, long framesPresent, double meanBlobCount) {}
