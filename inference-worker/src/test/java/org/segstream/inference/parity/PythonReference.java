package org.segstream.inference.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code segstream_models.parity} (Debian's python3-torch) to export a model with random
 * weights and the eager PyTorch logits for random inputs, and reads them back.
 */
final class PythonReference {
  static final Path MODELS = Path.of("../models");

  /** One input and the eager network's logits for it. */
  record Case(String name, long[] inputShape, float[] input, long[] logitsShape, float[] logits) {}

  private PythonReference() {}

  static List<Case> export(Path out, String family, String variant, String labels, String sizes, int seed)
      throws IOException, InterruptedException {
    return export(out, family, variant, labels, sizes, "fp32", seed);
  }

  static List<Case> export(Path out, String family, String variant, String labels, String sizes, String precision,
      int seed) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-m", "segstream_models.parity", "--family", family,
        "--variant", variant, "--labels", labels, "--sizes", sizes, "--seed", String.valueOf(seed),
        "--precision", precision,
        "--out", out.toAbsolutePath().toString())
        .directory(MODELS.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("python parity export failed:\n" + log);
    }
    List<Case> cases = new ArrayList<>();
    JsonNode json = new ObjectMapper().readTree(out.resolve("parity.json").toFile());
    for (JsonNode c : json.get("cases")) {
      String name = c.get("name").asText();
      cases.add(new Case(name, shape(c.get("input_shape")), floats(out.resolve("input-" + name + ".f32")),
          shape(c.get("logits_shape")), floats(out.resolve("logits-" + name + ".f32"))));
    }
    return cases;
  }

  private static long[] shape(JsonNode node) {
    long[] shape = new long[node.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = node.get(i).asLong();
    }
    return shape;
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }
}
