package org.segstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository checkout the tests inspect, named relative to its root in messages. */
final class Repo {
  private static final Path ROOT = locateRoot();

  private Repo() {}

  private static Path locateRoot() {
    String configured = System.getProperty("segstream.repo.root");
    // Maven sets the property; an IDE run from the module directory falls back to its parent.
    Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    root = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
      throw new IllegalStateException("no docker-compose.yml in " + root + ": set -Dsegstream.repo.root");
    }
    return root;
  }

  static Path root() {
    return ROOT;
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  /** The path as the README and the messages name it: relative to the root, '/' separated. */
  static String name(Path path) {
    return ROOT.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }
}
