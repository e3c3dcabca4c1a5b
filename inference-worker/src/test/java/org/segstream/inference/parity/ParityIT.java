package org.segstream.inference.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.SegmentationModel;

/**
 * The exported TorchScript running in DJL's libtorch gives the eager PyTorch answer: logits within
 * 1e-4 and argmax maps agreeing on at least 99.99% of pixels, at the export size and another.
 */
class ParityIT {
  static final double MAX_ABS_DIFF = 1e-4;
  static final double MIN_ARGMAX_AGREEMENT = 0.9999;

  @Test
  void segformerB0MatchesEagerPytorchAt512x1024And1024x1024(@TempDir Path dir) throws Exception {
    check(dir, "segformer", "b0", "cityscapes-19", "512x1024,1024x1024");
  }

  @Test
  void trans4passTinyMatchesEagerPytorchAt400x2048And512x1024(@TempDir Path dir) throws Exception {
    check(dir, "trans4pass", "tiny", "cityscapes-19", "400x2048,512x1024");
  }

  /**
   * A bf16 graph in DJL's libtorch against eager bf16 in Debian's torch: the two libraries' bf16
   * kernels may round differently (one bf16 step is 1/128 of a logit's magnitude), hence the looser
   * bounds; it proves the reduced-precision graph runs in DJL and computes the same thing.
   */
  @Test
  void segformerDemoInBf16MatchesEagerBf16(@TempDir Path dir) throws Exception {
    check(dir, "segformer", "demo", "cityscapes-19", "256x512,320x640", "bf16", 0.1, 0.99);
  }

  static void check(Path dir, String family, String variant, String labels, String sizes) throws Exception {
    check(dir, family, variant, labels, sizes, "fp32", MAX_ABS_DIFF, MIN_ARGMAX_AGREEMENT);
  }

  static void check(Path dir, String family, String variant, String labels, String sizes, String precision,
      double maxAbsDiff, double minAgreement) throws Exception {
    List<PythonReference.Case> cases = PythonReference.export(dir, family, variant, labels, sizes, precision, 7);
    try (SegmentationModel model = SegmentationModel.load(dir);
        NDManager manager = model.djlModel().getNDManager().newSubManager()) {
      for (PythonReference.Case c : cases) {
        NDArray input = manager.create(c.input(), new Shape(c.inputShape()));
        float[] djl;
        try (NDList out = model.djlModel().getBlock().forward(new ParameterStore(manager, false), new NDList(input), false)) {
          assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(c.logitsShape()));
          djl = out.singletonOrThrow().toFloatArray();
        }
        double maxDiff = maxAbsDiff(djl, c.logits());
        double agreement = argmaxAgreement(djl, c.logits(), (int) c.logitsShape()[1]);
        System.out.printf(Locale.ROOT, "parity %s-%s %s %s: max |logit diff| %.2e, argmax agreement %.5f%n",
            family, variant, precision, c.name(), maxDiff, agreement);
        assertThat(maxDiff).as("%s max abs logit diff", c.name()).isLessThanOrEqualTo(maxAbsDiff);
        assertThat(agreement).as("%s argmax agreement", c.name()).isGreaterThanOrEqualTo(minAgreement);
      }
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** Fraction of pixels whose arg-max class is the same in both N=1 × C × H × W logit arrays. */
  static double argmaxAgreement(float[] a, float[] b, int classes) {
    int plane = a.length / classes;
    int same = 0;
    for (int p = 0; p < plane; p++) {
      if (argmax(a, p, plane, classes) == argmax(b, p, plane, classes)) {
        same++;
      }
    }
    return same / (double) plane;
  }

  private static int argmax(float[] logits, int pixel, int plane, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (logits[c * plane + pixel] > logits[best * plane + pixel]) {
        best = c;
      }
    }
    return best;
  }
}
