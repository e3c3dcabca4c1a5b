package org.segstream.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a {@code segstream_models} module with Debian's Python (python3-torch) from models/. */
final class PythonModels {
  private PythonModels() {}

  /** Runs {@code python3 -m segstream_models.<module> args…} and returns its standard output. */
  static String run(String module, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-m", "segstream_models." + module));
    command.addAll(List.of(args));
    Path models = Path.of(System.getProperty("segstream.home", "."), "models");
    Process p = new ProcessBuilder(command).directory(models.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (is python3-torch installed?)");
    }
    return out;
  }
}
