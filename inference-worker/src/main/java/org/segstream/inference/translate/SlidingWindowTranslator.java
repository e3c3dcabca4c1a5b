package org.segstream.inference.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.segstream.inference.model.ModelCard;

/**
 * Sliding-window inference (SegFormer's Cityscapes setting): the frame is stretched to the card's
 * input size, cut into {@code window} tiles every {@code window_stride} pixels (the last row and
 * column of tiles aligned to the far edge), all tiles of the batch go through one forward pass,
 * and overlapping logits are averaged before the argmax. The class map is at the input size.
 * Preparing a frame cuts its tiles, so the predictor thread only stacks them.
 */
public final class SlidingWindowTranslator implements SegmentationTranslator {
  private final Preprocessor pre;
  private final int tileH;
  private final int tileW;
  private final List<int[]> tiles;
  private final int stride;
  // Predictor threads may race to fill it; each computes the same counts.
  private volatile Coverage coverage;

  public SlidingWindowTranslator(ModelCard card) {
    this.pre = new Preprocessor(card);
    this.tileH = Math.min(card.input().window().get(0), pre.height);
    this.tileW = Math.min(card.input().window().get(1), pre.width);
    this.tiles = tileOrigins(pre.height, pre.width, tileH, tileW,
        card.input().windowStride().get(0), card.input().windowStride().get(1));
    this.stride = card.output().stride();
  }

  /** Top-left corners of the tiles covering {@code h × w}, as mmseg's slide inference places them. */
  static List<int[]> tileOrigins(int h, int w, int tileH, int tileW, int strideH, int strideW) {
    List<int[]> origins = new ArrayList<>();
    int rows = Math.max(h - tileH + strideH - 1, 0) / strideH + 1;
    int cols = Math.max(w - tileW + strideW - 1, 0) / strideW + 1;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int y = Math.max(Math.min(r * strideH + tileH, h) - tileH, 0);
        int x = Math.max(Math.min(c * strideW + tileW, w) - tileW, 0);
        origins.add(new int[] {y, x});
      }
    }
    return origins;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }

  @Override
  public PreparedFrame prepare(FrameImage image) {
    float[] frame = FloatArrays.take(3 * pre.height * pre.width);
    int tileSize = 3 * tileH * tileW;
    float[] planes = FloatArrays.take(tiles.size() * tileSize);
    pre.write(image.bgr(), 0, frame, 0);
    for (int t = 0; t < tiles.size(); t++) {
      copyTile(frame, tiles.get(t), planes, t * tileSize);
    }
    FloatArrays.recycle(frame);
    return new PreparedFrame(planes, tiles.size(), tileH, tileW, image.wraps());
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<PreparedFrame> frames) {
    return new NDList(Batches.stack(ctx.getNDManager(), frames));
  }

  private void copyTile(float[] frame, int[] origin, float[] batch, int base) {
    int plane = pre.height * pre.width;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < tileH; y++) {
        System.arraycopy(frame, c * plane + (origin[0] + y) * pre.width + origin[1],
            batch, base + (c * tileH + y) * tileW, tileW);
      }
    }
  }

  @Override
  public List<ClassMap> processOutput(TranslatorContext ctx, NDList list) {
    NDArray logits = list.singletonOrThrow();
    Shape shape = logits.getShape();
    if (shape.dimension() != 4 || shape.get(0) % tiles.size() != 0) {
      throw new IllegalStateException("model returned shape " + shape + ", expected a multiple of " + tiles.size()
          + " tiles x C x H x W logits");
    }
    int classes = (int) shape.get(1);
    int th = (int) shape.get(2);
    int tw = (int) shape.get(3);
    // Read in place (toByteBuffer(true) wraps the tensor's memory): toFloatArray copied the whole
    // batch's tiles into new arrays first, tens of megabytes at Cityscapes' 1024x2048.
    NDArray scores = logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
    FloatBuffer all = scores.toByteBuffer(true).asFloatBuffer();
    int frames = (int) shape.get(0) / tiles.size();
    List<ClassMap> maps = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      maps.add(ClassMap.fromLogits(stitch(all, f, classes, th, tw), pre.width, pre.height));
    }
    return maps;
  }

  /**
   * Averages frame {@code frame}'s tiles of logits where they overlap, in a reused array that its
   * class map hands back on release. The class map at the input size is then made from them as
   * whole-image inference does (bilinear, then argmax), and they stay for a frame-resolution map.
   */
  Logits stitch(FloatBuffer all, int frame, int classes, int th, int tw) {
    int h = pre.height / stride;
    int w = pre.width / stride;
    int plane = h * w;
    int[] count = coverage(th, tw, h, w);
    float[] canvas = FloatArrays.take(classes * plane);
    Arrays.fill(canvas, 0f);
    float[] row = new float[tw];
    int tileLen = classes * th * tw;
    for (int t = 0; t < tiles.size(); t++) {
      int base = (frame * tiles.size() + t) * tileLen;
      int oy = tiles.get(t)[0] / stride;
      int ox = tiles.get(t)[1] / stride;
      for (int c = 0; c < classes; c++) {
        for (int y = 0; y < th; y++) {
          all.get(base + (c * th + y) * tw, row);
          int dst = (c * h + oy + y) * w + ox;
          for (int x = 0; x < tw; x++) {
            canvas[dst + x] += row[x];
          }
        }
      }
    }
    for (int i = 0; i < canvas.length; i++) {
      canvas[i] /= count[i % plane];
    }
    return new Logits(classes, h, w, 0, canvas);
  }

  /** How many tiles cover each logit pixel: the same for every batch of one model, so counted once. */
  private int[] coverage(int th, int tw, int h, int w) {
    Coverage known = coverage;
    if (known != null && known.th == th && known.tw == tw) {
      return known.count;
    }
    int[] count = new int[h * w];
    for (int[] origin : tiles) {
      int oy = origin[0] / stride;
      int ox = origin[1] / stride;
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          count[(oy + y) * w + ox + x]++;
        }
      }
    }
    coverage = new Coverage(th, tw, count);
    return count;
  }

  private record Coverage(int th, int tw, int[] count) {}
}
