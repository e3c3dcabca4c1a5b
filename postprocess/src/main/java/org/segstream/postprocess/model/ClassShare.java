package org.segstream.postprocess.model;

/**
 * The area of one class in one frame.
 *
 * @param classId class index into the label set
 * @param className name from the label set, empty when the label set is unknown
 * @param areaFraction fraction of the frame's pixels with the class, 0..1
 */
public record ClassShare(int classId, String className, double areaFraction) {}
