package org.segstream.inference.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.segstream.inference.model.ModelCard;

/**
 * Whole-image inference: every frame stretched to the card's input size, one forward pass per
 * batch, class maps at the model's output resolution (argmax in the graph, or here on logits).
 * Equirectangular frames get circular padding, and the padding is cropped off the output, so the
 * mask has no seam at 0°/360°. A batch must be all wrapping or all not (the widths differ).
 *
 * <p>The unit of prediction is a whole batch: DJL's predictor runs one forward pass per item when
 * a translator has no batchifier, and a batchifier would stack per-item tensors (one more copy of
 * every image). Taking the list as the input builds the batch tensor once.
 */
public final class WholeImageTranslator implements SegmentationTranslator {
  private final Preprocessor pre;
  private final int pad;
  private final int stride;
  private final boolean argmaxInGraph;

  public WholeImageTranslator(ModelCard card) {
    this.pre = new Preprocessor(card);
    this.pad = card.input().circularPadColumns();
    this.stride = card.output().stride();
    this.argmaxInGraph = card.output().argmaxInGraph();
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }

  @Override
  public PreparedFrame prepare(FrameImage frame) {
    int framePad = frame.wraps() ? pad : 0;
    int width = pre.width + 2 * framePad;
    float[] planes = FloatArrays.take(3 * pre.height * width);
    pre.write(frame.bgr(), framePad, planes, 0);
    return new PreparedFrame(planes, 1, pre.height, width, frame.wraps());
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<PreparedFrame> frames) {
    NDArray batch = Batches.stack(ctx.getNDManager(), frames);
    ctx.setAttachment("pad", frames.get(0).wraps() ? pad : 0);
    return new NDList(batch);
  }

  @Override
  public List<ClassMap> processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = list.singletonOrThrow();
    int padColumns = (Integer) ctx.getAttachment("pad");
    if (!argmaxInGraph && stride > 1) {
      return fromLogits(out, padColumns / stride);
    }
    NDArray classes = argmaxInGraph ? out : out.argMax(1).toType(DataType.UINT8, false);
    Shape shape = classes.getShape();
    if (shape.dimension() != 3) {
      throw new IllegalStateException("model returned shape " + shape + ", expected N x H x W class maps");
    }
    // The output is at 1/stride of the input (stride 1 when the graph upsamples before argmax).
    int cropColumns = padColumns / stride;
    // Read in place (toByteBuffer(true) wraps the tensor's memory): toByteArray copies the batch
    // into a new array first, megabytes for large inputs.
    return ClassMaps.split(classes.toByteBuffer(true), (int) shape.get(0), (int) shape.get(1), (int) shape.get(2),
        cropColumns);
  }

  /**
   * Logits below the input resolution (SegFormer's 1/4): each frame's class map at the input size
   * is the in-graph argmax's (bilinear upsampling, then argmax), taken when the map is first read,
   * off this predictor thread; the logits stay with it, so a frame-resolution mask is made from them too.
   */
  private List<ClassMap> fromLogits(NDArray out, int padLogitColumns) {
    Shape shape = out.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalStateException("model returned shape " + shape + ", expected N x C x H x W logits");
    }
    int n = (int) shape.get(0);
    int classes = (int) shape.get(1);
    int h = (int) shape.get(2);
    int w = (int) shape.get(3);
    // Read in place (toByteBuffer(true) wraps the tensor's memory; toFloatArray copied it into a new
    // byte[] and then a new float[], megabytes per batch for the collector), frame by frame into
    // reused arrays that ClassMap.release hands back.
    NDArray scores = out.getDataType() == DataType.FLOAT32 ? out : out.toType(DataType.FLOAT32, false);
    FloatBuffer all = scores.toByteBuffer(true).asFloatBuffer();
    int size = classes * h * w;
    List<ClassMap> maps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] values = FloatArrays.take(size);
      all.get(i * size, values);
      maps.add(ClassMap.fromLogits(new Logits(classes, h, w, padLogitColumns, values), pre.width, pre.height));
    }
    return maps;
  }
}
