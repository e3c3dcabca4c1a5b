package org.segstream.postprocess.topology;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.postprocess.model.ClassShare;
import org.segstream.postprocess.model.FrameSnapshot;
import org.segstream.proto.v1.Projection;

/**
 * The per-frame statistics of one checked mask: its pixel count per class. Only ever built by
 * {@link MaskChecks}, so {@code classPixels} sums to {@code pixels}.
 *
 * @param cameraId the camera
 * @param sequence the frame's sequence
 * @param captureTimeUs the frame's capture time, microseconds since the epoch (its event time)
 * @param modelId the model that segmented it
 * @param labelSet the label set of the class ids
 * @param projection the camera's projection
 * @param modelUs the model's time for the frame
 * @param pixels the mask's width times height, > 0
 * @param classPixels pixels per class id, only classes present
 * @param geometry blobs per class and, for panoramas, sector areas; {@link FrameGeometry#none()}
 *     for a mask with class counts but no class map
 */
public record FrameStats(String cameraId, long sequence, long captureTimeUs, String modelId, String labelSet,
    Projection projection, long modelUs, long pixels, SortedMap<Integer, Long> classPixels, FrameGeometry geometry)
    implements CheckedMask {

  public FrameStats {
    classPixels = Collections.unmodifiableSortedMap(new TreeMap<>(classPixels));
  }

  /** The fraction of the frame's pixels a pixel count is. */
  public double fraction(long classCount) {
    return (double) classCount / pixels;
  }

  /** The event time Kafka Streams windows this frame by, milliseconds. */
  public long timestampMs() {
    return Math.floorDiv(captureTimeUs, 1000L);
  }

  /** This frame as the latest frame of its camera. */
  public FrameSnapshot snapshot() {
    IntFunction<String> names = ClassNames.of(labelSet);
    List<ClassShare> classes = classPixels.entrySet().stream()
        .map(e -> new ClassShare(e.getKey(), names.apply(e.getKey()), fraction(e.getValue())))
        .toList();
    return new FrameSnapshot(cameraId, sequence, captureTimeUs, classes, modelId, labelSet, projection, modelUs);
  }
}
