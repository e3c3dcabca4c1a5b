package org.segstream.cli.bench;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.inference.decode.BadFrameException;
import org.segstream.inference.decode.FrameDecoder;
import org.segstream.inference.mask.MaskBuilder;
import org.segstream.inference.mask.MaskFormat;
import org.segstream.inference.mask.MaskResolution;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskTimings;
import org.segstream.proto.v1.Projection;

/**
 * What one frame costs around the model, on one thread, through the worker's own classes: parse
 * and decode, preprocess (the translator's prepare), and mask encoding; and how large its mask is
 * in each encoding. A GPU host divides its cores by the total to know how many frames per second
 * its CPUs can feed the GPU.
 */
final class FrameCosts {
  /** Milliseconds per frame of each stage. */
  record Cost(double decodeMs, double prepareMs, double encodeModelMs, double encodeFrameMs) {
    /** The worker's default path: masks at model resolution. */
    double totalMs() {
      return decodeMs + prepareMs + encodeModelMs;
    }
  }

  /** The cost with the lower total: the run least disturbed by whatever else the machine ran. */
  static Cost better(Cost a, Cost b) {
    return a == null || b.totalMs() < a.totalMs() ? b : a;
  }

  private final SegmentationModel model;
  private final FrameDecoder full = new FrameDecoder(Integer.MAX_VALUE);
  // As the worker decodes with SEGSTREAM_DECODE_REDUCED=true.
  private final FrameDecoder reduced;

  FrameCosts(SegmentationModel model) {
    this.model = model;
    this.reduced = new FrameDecoder(Integer.MAX_VALUE, model.card().input().width(), model.card().input().height());
  }

  /** How much smaller than its size the worker decodes {@code frame} with SEGSTREAM_DECODE_REDUCED=true. */
  int reduction(Frame frame) {
    return reduced.reduction(frame.getWidth(), frame.getHeight());
  }

  /** The frame's class map, from one forward pass, decoded at full size or reduced. */
  ClassMap classMap(Predictor<List<PreparedFrame>, List<ClassMap>> predictor, Frame frame, boolean reduce)
      throws BadFrameException, TranslateException {
    try (Mat image = (reduce ? reduced : full).decode(frame)) {
      return model.segment(predictor, List.of(new FrameImage(image, wraps(frame)))).get(0);
    }
  }

  /** The share of pixels two class maps of one size give the same class. */
  static double agreement(ClassMap a, ClassMap b) {
    byte[] x = a.classes();
    byte[] y = b.classes();
    long same = 0;
    for (int i = 0; i < x.length; i++) {
      same += x[i] == y[i] ? 1 : 0;
    }
    return (double) same / x.length;
  }

  /**
   * Median stage times over {@code runs} after as many warm-up runs: the median, because another
   * job on the machine takes whole time slices from single runs.
   */
  Cost measure(Frame frame, ClassMap map, int runs, boolean reduce) throws BadFrameException {
    FrameDecoder decoder = reduce ? reduced : full;
    MaskBuilder atModel = builder(MaskFormat.RLE, MaskResolution.MODEL);
    MaskBuilder atFrame = builder(MaskFormat.RLE, MaskResolution.FRAME);
    byte[] bytes = frame.toByteArray();
    long[] decode = new long[runs];
    long[] prepare = new long[runs];
    long[] encodeModel = new long[runs];
    long[] encodeFrame = new long[runs];
    for (int r = -runs; r < runs; r++) {
      long t0 = System.nanoTime();
      Frame parsed = FrameDecoder.parse(bytes);
      Mat image = decoder.decode(parsed);
      long t1 = System.nanoTime();
      model.prepare(new FrameImage(image, wraps(parsed)));
      image.close();
      long t2 = System.nanoTime();
      atModel.build(parsed, map, MaskTimings.getDefaultInstance()).toByteArray();
      long t3 = System.nanoTime();
      atFrame.build(parsed, map, MaskTimings.getDefaultInstance()).toByteArray();
      long t4 = System.nanoTime();
      if (r >= 0) {
        decode[r] = t1 - t0;
        prepare[r] = t2 - t1;
        encodeModel[r] = t3 - t2;
        encodeFrame[r] = t4 - t3;
      }
    }
    return new Cost(medianMs(decode), medianMs(prepare), medianMs(encodeModel), medianMs(encodeFrame));
  }

  private static double medianMs(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  /** One line per encoding and resolution: the class map's bytes and the whole Mask message's. */
  String maskSizes(Frame frame, ClassMap map) {
    StringBuilder out = new StringBuilder();
    for (MaskFormat format : MaskFormat.values()) {
      for (MaskResolution resolution : MaskResolution.values()) {
        Mask mask = builder(format, resolution).build(frame, map, MaskTimings.getDefaultInstance());
        out.append(String.format(Locale.ROOT, "  %-4s at %-5s resolution (%4dx%-4d) %,9d bytes (Mask message %,d)%n",
            format.name().toLowerCase(Locale.ROOT), resolution.name().toLowerCase(Locale.ROOT), mask.getWidth(),
            mask.getHeight(), mask.getData().size(), mask.getSerializedSize()));
      }
    }
    out.append(String.format(Locale.ROOT, "  raw uint8 map at frame resolution %,9d bytes%n",
        (long) frame.getWidth() * frame.getHeight()));
    return out.toString();
  }

  private MaskBuilder builder(MaskFormat format, MaskResolution resolution) {
    return new MaskBuilder(model.card(), "bench", format, resolution);
  }

  private static boolean wraps(Frame frame) {
    return frame.getProjection() == Projection.EQUIRECTANGULAR;
  }
}
