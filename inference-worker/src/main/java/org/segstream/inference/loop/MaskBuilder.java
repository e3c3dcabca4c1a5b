package org.segstream.inference.loop;

import com.google.protobuf.ByteString;
import org.segstream.inference.translate.ClassMap;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.ClassCount;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.MaskTimings;

/** Builds the {@link Mask} of a frame from its class map: run-length data and class counts. */
final class MaskBuilder {
  private final String modelId;
  private final String labelSet;
  private final String workerId;

  MaskBuilder(String modelId, String labelSet, String workerId) {
    this.modelId = modelId;
    this.labelSet = labelSet;
    this.workerId = workerId;
  }

  Mask build(Frame frame, ClassMap map, MaskTimings timings) {
    byte[] rle = MaskCodec.encode(map.classes(), map.width(), map.height());
    long[] counts = MaskCodec.classCounts(map.classes(), map.classes().length);
    Mask.Builder mask = Mask.newBuilder()
        .setCameraId(frame.getCameraId())
        .setSequence(frame.getSequence())
        .setCaptureTimeUs(frame.getCaptureTimeUs())
        .setIngestSessionId(frame.getIngestSessionId())
        .setProjection(frame.getProjection())
        .setFrameWidth(frame.getWidth())
        .setFrameHeight(frame.getHeight())
        .setModelId(modelId)
        .setLabelSet(labelSet)
        .setWidth(map.width())
        .setHeight(map.height())
        .setEncoding(MaskEncoding.MASK_RLE)
        .setData(ByteString.copyFrom(rle))
        .setTimings(timings)
        .setWorkerId(workerId);
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0) {
        mask.addClassCounts(ClassCount.newBuilder().setClassId(c).setPixels(counts[c]));
      }
    }
    return mask.build();
  }
}
