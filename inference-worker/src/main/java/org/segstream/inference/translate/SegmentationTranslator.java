package org.segstream.inference.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.segstream.inference.model.ModelCard;

/**
 * All pixel work around a whole-image segmentation network, driven by its card: stretch-resize
 * the BGR frame to the input size, normalise to an RGB CHW tensor, and turn the output (uint8 class
 * maps, or logits argmaxed here) into {@link ClassMap}s at the model's output resolution.
 *
 * <p>The unit of prediction is a whole batch: DJL's predictor runs one forward pass per item when
 * a translator has no batchifier, and a batchifier would stack per-item tensors (one more copy of
 * every image). Taking the list as the input builds the batch tensor once, in one float array.
 */
public final class SegmentationTranslator implements Translator<List<Mat>, List<ClassMap>> {
  private final int width;
  private final int height;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];
  private final boolean argmaxInGraph;

  public SegmentationTranslator(ModelCard card) {
    this.width = card.input().width();
    this.height = card.input().height();
    for (int c = 0; c < 3; c++) {
      // (p * s - mean) / std folded into p * scale + offset.
      double std = card.input().std().get(c);
      scale[c] = (float) (card.input().scale() / std);
      offset[c] = (float) (-card.input().mean().get(c) / std);
    }
    this.argmaxInGraph = card.output().argmaxInGraph();
  }

  @Override
  public Batchifier getBatchifier() {
    // The input already is the batch.
    return null;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<Mat> images) {
    int plane = width * height;
    float[] data = new float[images.size() * 3 * plane];
    byte[] bgr = new byte[plane * 3];
    for (int i = 0; i < images.size(); i++) {
      toNormalisedChw(images.get(i), bgr, data, i * 3 * plane);
    }
    NDManager manager = ctx.getNDManager();
    return new NDList(manager.create(data, new Shape(images.size(), 3, height, width)));
  }

  /** Resizes a BGR image to the input size and writes it normalised, RGB planes, at {@code base}. */
  void toNormalisedChw(Mat image, byte[] bgr, float[] out, int base) {
    readResizedBgr(image, bgr);
    normalise(bgr, out, base, width * height);
  }

  private void readResizedBgr(Mat image, byte[] bgr) {
    if (image.cols() == width && image.rows() == height && image.isContinuous()) {
      image.data().get(bgr);
      return;
    }
    try (Mat resized = new Mat(); Size size = new Size(width, height)) {
      opencv_imgproc.resize(image, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      resized.data().get(bgr);
    }
  }

  private void normalise(byte[] bgr, float[] out, int base, int plane) {
    // Planes are R, G, B; the frame is interleaved B, G, R.
    for (int p = 0, s = 0; p < plane; p++, s += 3) {
      out[base + p] = (bgr[s + 2] & 0xff) * scale[0] + offset[0];
      out[base + plane + p] = (bgr[s + 1] & 0xff) * scale[1] + offset[1];
      out[base + 2 * plane + p] = (bgr[s] & 0xff) * scale[2] + offset[2];
    }
  }

  @Override
  public List<ClassMap> processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = list.singletonOrThrow();
    NDArray classes = argmaxInGraph ? out : out.argMax(1).toType(DataType.UINT8, false);
    Shape shape = classes.getShape();
    if (shape.dimension() != 3) {
      throw new IllegalStateException("model returned shape " + shape + ", expected N x H x W class maps");
    }
    int n = (int) shape.get(0);
    int h = (int) shape.get(1);
    int w = (int) shape.get(2);
    byte[] all = classes.toByteArray();
    List<ClassMap> maps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] one = new byte[h * w];
      System.arraycopy(all, i * h * w, one, 0, h * w);
      maps.add(new ClassMap(w, h, one));
    }
    return maps;
  }
}
