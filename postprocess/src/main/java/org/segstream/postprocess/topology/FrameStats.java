package org.segstream.postprocess.topology;

import java.util.List;
import java.util.SortedMap;
import java.util.function.IntFunction;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.postprocess.model.ClassShare;
import org.segstream.postprocess.model.FrameSnapshot;
import org.segstream.proto.v1.Projection;

/**
 * The per-frame statistics of one checked mask: its pixel count per class. Only ever built by
 * {@link MaskChecks}, so {@code classPixels} sums to {@code pixels}. The classes are two arrays by
 * ascending id, as {@link WindowAggregate} keeps them, owned by this record and never changed.
 *
 * @param cameraId the camera
 * @param sequence the frame's sequence
 * @param captureTimeUs the frame's capture time, microseconds since the epoch (its event time)
 * @param modelId the model that segmented it
 * @param labelSet the label set of the class ids
 * @param projection the camera's projection
 * @param modelUs the model's time for the frame
 * @param pixels the mask's width times height, > 0
 * @param classIds the ids of the classes present, ascending
 * @param classPixels the pixels of each class of {@code classIds}, by the same index
 * @param geometry blobs per class and, for panoramas, sector areas, of exactly the classes of
 *     {@code classIds}; {@link FrameGeometry#none()} for a mask with class counts but no class map
 */
public record FrameStats(String cameraId, long sequence, long captureTimeUs, String modelId, String labelSet,
    Projection projection, long modelUs, long pixels, int[] classIds, long[] classPixels, FrameGeometry geometry)
    implements CheckedMask {

  public FrameStats {
    // WindowAggregate reads a class's geometry at the class's own index.
    if (geometry.classCount() > 0 && !geometry.hasClasses(classIds)) {
      throw new IllegalArgumentException("geometry of classes " + geometry.blobs().keySet()
          + " for a frame of classes " + java.util.Arrays.toString(classIds));
    }
  }

  /** With the pixels per class present as a map by class id. */
  public FrameStats(String cameraId, long sequence, long captureTimeUs, String modelId, String labelSet,
      Projection projection, long modelUs, long pixels, SortedMap<Integer, Long> classPixels, FrameGeometry geometry) {
    this(cameraId, sequence, captureTimeUs, modelId, labelSet, projection, modelUs, pixels,
        classPixels.keySet().stream().mapToInt(Integer::intValue).toArray(),
        classPixels.values().stream().mapToLong(Long::longValue).toArray(), geometry);
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
    ClassShare[] classes = new ClassShare[classIds.length];
    for (int k = 0; k < classIds.length; k++) {
      classes[k] = new ClassShare(classIds[k], names.apply(classIds[k]), fraction(classPixels[k]));
    }
    return new FrameSnapshot(cameraId, sequence, captureTimeUs, List.of(classes), modelId, labelSet, projection,
        modelUs);
  }
}
