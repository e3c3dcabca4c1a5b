package org.segstream.inference.translate;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
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
    var logits = list.singletonOrThrow();
    Shape shape = logits.getShape();
    int classes = (int) shape.get(1);
    int th = (int) shape.get(2);
    int tw = (int) shape.get(3);
    float[] all = logits.toFloatArray();
    int frames = (int) shape.get(0) / tiles.size();
    int h = pre.height / stride;
    int w = pre.width / stride;
    List<ClassMap> maps = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      maps.add(stitch(all, f, classes, th, tw, h, w));
    }
    return maps;
  }

  /**
   * Averages the tiles' logits where they overlap, then makes the class map at the input size
   * from them as whole-image inference does (bilinear, then argmax), keeping the logits for a
   * frame-resolution map.
   */
  private ClassMap stitch(float[] all, int frame, int classes, int th, int tw, int h, int w) {
    float[] canvas = new float[classes * h * w];
    int[] count = new int[h * w];
    int tileLen = classes * th * tw;
    for (int t = 0; t < tiles.size(); t++) {
      int base = (frame * tiles.size() + t) * tileLen;
      int oy = tiles.get(t)[0] / stride;
      int ox = tiles.get(t)[1] / stride;
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          count[(oy + y) * w + ox + x]++;
        }
      }
      for (int c = 0; c < classes; c++) {
        for (int y = 0; y < th; y++) {
          int src = base + (c * th + y) * tw;
          int dst = (c * h + oy + y) * w + ox;
          for (int x = 0; x < tw; x++) {
            canvas[dst + x] += all[src + x];
          }
        }
      }
    }
    int plane = h * w;
    for (int i = 0; i < canvas.length; i++) {
      canvas[i] /= count[i % plane];
    }
    return ClassMap.fromLogits(new Logits(classes, h, w, 0, canvas), pre.width, pre.height);
  }
}
