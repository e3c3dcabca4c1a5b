package org.segstream.inference.mask;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.translate.ClassMap;
import org.segstream.proto.IndexedPng;
import org.segstream.proto.LabelSets;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.ClassCount;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.MaskTimings;

/**
 * Builds the {@link Mask} of a frame from its class map: scaled to the frame when configured,
 * encoded as RLE or indexed PNG, with per-class pixel counts. Thread-safe.
 */
public final class MaskBuilder {
  private final String modelId;
  private final String labelSet;
  private final String workerId;
  private final MaskFormat format;
  private final MaskResolution resolution;
  private final IndexedPng png;

  public MaskBuilder(ModelCard card, String workerId, MaskFormat format, MaskResolution resolution) {
    this.modelId = card.modelId();
    this.labelSet = card.labelSet().id();
    this.workerId = workerId;
    this.format = format;
    this.resolution = resolution;
    this.png = format == MaskFormat.PNG ? new IndexedPng(palette(card.labelSet())) : null;
  }

  public Mask build(Frame frame, ClassMap modelMap, MaskTimings timings) {
    ClassMap map = resolution == MaskResolution.FRAME ? modelMap.at(frame.getWidth(), frame.getHeight()) : modelMap;
    long[] counts = MaskCodec.classCounts(map.classes(), map.classes().length);
    byte[] data = format == MaskFormat.PNG ? png.encode(map.classes(), map.width(), map.height()) : MaskCodec.encode(map.classes(), map.width(), map.height());
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
        .setEncoding(format == MaskFormat.PNG ? MaskEncoding.MASK_PNG_INDEXED : MaskEncoding.MASK_RLE)
        .setData(ByteString.copyFrom(data))
        .setTimings(timings)
        .setWorkerId(workerId);
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0) {
        mask.addClassCounts(ClassCount.newBuilder().setClassId(c).setPixels(counts[c]));
      }
    }
    return mask.build();
  }

  /**
   * The card's colours; a card without a full palette takes the shared label set's, and an
   * unknown label set a grey ramp (the class indices are what matter, the colours are for eyes).
   */
  static List<int[]> palette(ModelCard.LabelSet labels) {
    int classes = labels.classes().size();
    if (labels.palette() != null && labels.palette().size() == classes) {
      return labels.palette().stream().map(c -> new int[] {c.get(0), c.get(1), c.get(2)}).toList();
    }
    var shared = LabelSets.byId(labels.id()).filter(s -> s.palette().size() == classes);
    if (shared.isPresent()) {
      return shared.get().palette();
    }
    List<int[]> grey = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      int v = classes == 1 ? 0 : c * 255 / (classes - 1);
      grey.add(new int[] {v, v, v});
    }
    return grey;
  }
}
