package org.segstream.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.segstream.inference.eval.ConfusionMatrix;
import org.segstream.inference.eval.EvalSet;
import org.segstream.inference.eval.Evaluator;
import org.segstream.inference.model.SegmentationModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segstream eval}: mIoU of a model on a held-out set, through the worker's own code path. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score a model on an evaluation set (segstream_models.scenes.evalset): per-class IoU, mIoU, "
        + "and for panoramas the seam agreement with and without circular padding.")
final class EvalCommand implements Callable<Integer> {
  @Mixin
  ModelOption model;

  @Option(names = "--data", required = true, description = "Evaluation set directory (with meta.json).")
  Path data;

  @Option(names = "--batch", defaultValue = "4", description = "Frames per forward pass (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--min-miou", description = "Exit 1 if the mIoU is below this.")
  Double minMiou;

  @Override
  public Integer call() throws Exception {
    Path modelDir = model.checkedDir();
    EvalSet set = EvalSet.load(data);
    try (SegmentationModel m = SegmentationModel.load(modelDir)) {
      Evaluator evaluator = new Evaluator(m, batch);
      Evaluator.Result result = evaluator.run(data, set, true);
      System.out.print(table(m.card().labelSet().classes(), result));
      if (result.panoramas() > 0) {
        Evaluator.Result unpadded = evaluator.run(data, set, false);
        System.out.printf(Locale.ROOT, "seam agreement (%d panoramas): %.4f with circular padding, %.4f without;"
            + " mIoU without padding %.4f%n", result.panoramas(), result.seamAgreement(), unpadded.seamAgreement(),
            unpadded.matrix().meanIou());
      }
      double miou = result.matrix().meanIou();
      return minMiou != null && !(miou >= minMiou) ? 1 : 0;
    }
  }

  static String table(List<String> names, Evaluator.Result result) {
    ConfusionMatrix m = result.matrix();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s %8s %12s%n", "CLASS", "IoU", "GT PIXELS"));
    for (int c = 0; c < m.classes(); c++) {
      if (m.truthPixels(c) > 0) {
        out.append(String.format(Locale.ROOT, "%-16s %8.4f %12d%n", names.get(c), m.iou(c), m.truthPixels(c)));
      }
    }
    out.append(String.format(Locale.ROOT, "mIoU %.4f over %d frames (pixel accuracy %.4f)%n",
        m.meanIou(), result.frames(), m.pixelAccuracy()));
    return out.toString();
  }
}
