package org.segstream.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.eval.EvalSet;
import org.segstream.inference.eval.Evaluator;
import org.segstream.inference.model.SegmentationModel;

/**
 * The bundled demo model, scored through the worker's own path on held-out frames freshly drawn
 * by the scene generator: a guard that the committed weights, card and translator still agree.
 */
class DemoModelEvalIT {
  static final Path MODELS = Path.of("../models");
  /** Below the README's full-set figure, to leave room for a small sample's spread. */
  static final double MIN_MIOU = 0.72;

  @Test
  void demoModelSegmentsHeldOutGeneratedFrames(@TempDir Path dir) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-m", "segstream_models.scenes.evalset",
        "--out", dir.toAbsolutePath().toString(), "--count", "24", "--seed", "0")
        .directory(MODELS.toFile()).inheritIO().start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0).as("evalset writer succeeded").isTrue();

    try (SegmentationModel model = SegmentationModel.load(MODELS.resolve("demo/segformer-demo"))) {
      Evaluator evaluator = new Evaluator(model, 4);
      EvalSet set = EvalSet.load(dir);
      Evaluator.Result padded = evaluator.run(dir, set, true);
      Evaluator.Result unpadded = evaluator.run(dir, set, false);
      System.out.printf("demo model on 24 held-out frames: mIoU %.4f; seam agreement %.4f padded, %.4f not%n",
          padded.matrix().meanIou(), padded.seamAgreement(), unpadded.seamAgreement());
      assertThat(padded.matrix().meanIou()).isGreaterThanOrEqualTo(MIN_MIOU);
      assertThat(padded.panoramas()).isEqualTo(12);
      // Circular padding is what keeps the 0°/360° edges of a panorama's mask in agreement.
      assertThat(padded.seamAgreement()).isGreaterThan(unpadded.seamAgreement());
    }
  }
}
