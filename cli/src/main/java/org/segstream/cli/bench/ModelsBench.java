package org.segstream.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.cli.TempDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Parameters and CPU latency of the model families, DJL against eager PyTorch in the same run:
 * each model is exported with random weights (latency does not depend on their values), timed
 * through DJL's libtorch at batch 1, then timed eagerly by {@code segstream_models.bench}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Parameters and CPU forward latency of SegFormer-B0/B1 (512x1024) and Trans4PASS-T (400x2048), "
        + "DJL vs eager PyTorch, measured in one run.")
final class ModelsBench implements Callable<Integer> {
  record Spec(String family, String variant, String labels, int height, int width) {
    String size() {
      return height + "x" + width;
    }
  }

  static final List<Spec> SPECS = List.of(
      new Spec("segformer", "b0", "cityscapes-19", 512, 1024),
      new Spec("segformer", "b1", "cityscapes-19", 512, 1024),
      new Spec("trans4pass", "tiny", "cityscapes-19", 400, 2048));

  @Option(names = "--runs", defaultValue = "5", description = "Timed forward passes per model and runtime (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--only", description = "Measure only this model, e.g. trans4pass-tiny (default: all).")
  String only;

  @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads for both runtimes (default ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.out.printf(Locale.ROOT, "%-22s %12s %10s %10s %10s %8s%n", "MODEL", "PARAMETERS", "SIZE", "DJL ms", "EAGER ms",
        "DJL/EAGER");
    for (Spec spec : SPECS) {
      if (only != null && !only.equals(spec.family() + "-" + spec.variant())) {
        continue;
      }
      Path dir = TempDirs.create("segstream-bench-model-");
      PythonModels.run("export", "--family", spec.family(), "--variant", spec.variant(), "--labels", spec.labels(),
          "--input-size", spec.size(), "--seed", "0", "--out", dir.toString());
      double djlMs;
      try (SegmentationModel model = SegmentationModel.load(dir)) {
        djlMs = 1000 / RawForward.framesPerSecond(model, 1, spec.height(), spec.width(), runs);
      }
      JsonNode eager = new ObjectMapper().readTree(PythonModels.run("bench", "--family", spec.family(), "--variant",
          spec.variant(), "--labels", spec.labels(), "--size", spec.size(), "--runs", String.valueOf(runs),
          "--threads", String.valueOf(threads)));
      double eagerMs = eager.get("median_ms").asDouble();
      System.out.printf(Locale.ROOT, "%-22s %,12d %10s %10.0f %10.0f %8.2f%n", spec.family() + "-" + spec.variant(),
          eager.get("parameters").asLong(), spec.size(), djlMs, eagerMs, djlMs / eagerMs);
    }
    return 0;
  }
}
