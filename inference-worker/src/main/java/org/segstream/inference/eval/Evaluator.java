package org.segstream.inference.eval;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;

/**
 * Scores a model on an {@link EvalSet} through the worker's own path (OpenCV decoding, the card's
 * translator, the DJL predictor): predictions are scaled to the ground truth's size (nearest) and
 * counted in a confusion matrix. For panoramas it also measures seam agreement: the fraction of
 * rows whose class at the left edge equals the class at the right edge.
 */
public final class Evaluator {
  /** What one evaluation measured. */
  public record Result(ConfusionMatrix matrix, int frames, int panoramas, double seamAgreement) {}

  private final SegmentationModel model;
  private final int batch;

  public Evaluator(SegmentationModel model, int batch) {
    this.model = model;
    this.batch = batch;
  }

  /** @param circularPadding pad panoramas circularly (the worker always does; off to measure the seam without) */
  public Result run(Path dir, EvalSet set, boolean circularPadding) throws TranslateException {
    ConfusionMatrix matrix = new ConfusionMatrix(model.card().labelSet().classes().size());
    long seamRows = 0;
    long seamSame = 0;
    int panoramas = 0;
    try (Predictor<List<PreparedFrame>, List<ClassMap>> predictor = model.newPredictor()) {
      for (boolean wraps : new boolean[] {false, true}) {
        List<EvalSet.Item> items = set.items().stream().filter(i -> i.equirectangular() == wraps).toList();
        for (int from = 0; from < items.size(); from += batch) {
          List<EvalSet.Item> chunk = items.subList(from, Math.min(items.size(), from + batch));
          List<ClassMap> maps = predict(predictor, dir, chunk, wraps && circularPadding);
          for (int i = 0; i < chunk.size(); i++) {
            score(matrix, dir.resolve(chunk.get(i).label()), maps.get(i));
            if (wraps) {
              panoramas++;
              seamRows += maps.get(i).height();
              seamSame += sameEdgeRows(maps.get(i));
            }
          }
        }
      }
    }
    double seam = seamRows == 0 ? Double.NaN : seamSame / (double) seamRows;
    return new Result(matrix, set.items().size(), panoramas, seam);
  }

  private List<ClassMap> predict(Predictor<List<PreparedFrame>, List<ClassMap>> predictor, Path dir,
      List<EvalSet.Item> chunk, boolean wraps) throws TranslateException {
    List<Mat> images = new ArrayList<>();
    try {
      for (EvalSet.Item item : chunk) {
        Mat image = imread(dir.resolve(item.frame()).toString(), IMREAD_COLOR);
        if (image.empty()) {
          throw new IllegalArgumentException("cannot read frame " + dir.resolve(item.frame()));
        }
        images.add(image);
      }
      return model.segment(predictor, images.stream().map(m -> new FrameImage(m, wraps)).toList());
    } finally {
      images.forEach(Mat::close);
    }
  }

  /** Scores the map at the label's size, made exactly as the worker makes masks at frame resolution. */
  private static void score(ConfusionMatrix matrix, Path labelFile, ClassMap map) {
    try (Mat truth = imread(labelFile.toString(), IMREAD_UNCHANGED)) {
      if (truth.empty() || truth.channels() != 1) {
        throw new IllegalArgumentException("ground truth " + labelFile + " is not an 8-bit single-channel PNG");
      }
      byte[] t = new byte[truth.cols() * truth.rows()];
      truth.data().get(t);
      matrix.add(t, map.at(truth.cols(), truth.rows()).classes());
    }
  }

  static long sameEdgeRows(ClassMap map) {
    long same = 0;
    for (int y = 0; y < map.height(); y++) {
      int row = y * map.width();
      if (map.classes()[row] == map.classes()[row + map.width() - 1]) {
        same++;
      }
    }
    return same;
  }
}
