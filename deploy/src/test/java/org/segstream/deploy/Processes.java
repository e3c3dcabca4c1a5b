package org.segstream.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line validators (docker-compose, yamllint) in the repository root. */
final class Processes {
  /** How a run ended and everything it printed (stdout and stderr interleaved). */
  record Result(int exitCode, String output) {}

  private Processes() {}

  static Result run(Duration timeout, List<String> command) {
    String shown = String.join(" ", command);
    Path log = null;
    Process process = null;
    try {
      // Output goes to a file, so a validator that hangs cannot block the test past its timeout.
      log = Files.createTempFile("segstream-deploy-", ".log");
      process = new ProcessBuilder(command).directory(Repo.root().toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(shown + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(log));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + shown + " (" + e.getMessage() + "); on Debian: apt-get install -y"
          + " --no-install-recommends docker-compose yamllint (.ci/run installs them)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + shown, e);
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      deleteQuietly(log);
    }
  }

  private static void deleteQuietly(Path log) {
    try {
      if (log != null) {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      // A temp file left behind is harmless; say so rather than hide it.
      System.err.println("could not delete " + log + ": " + e.getMessage());
    }
  }
}
