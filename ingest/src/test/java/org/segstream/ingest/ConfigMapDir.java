package org.segstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A directory updated the way Kubernetes updates a ConfigMap volume: each version is written to a
 * new hidden directory, then the {@code ..data} symlink is swapped to it atomically; the file the
 * application reads is a symlink through {@code ..data}.
 */
final class ConfigMapDir {
  private final Path root;
  private final String name;
  private int version;

  ConfigMapDir(Path root, String name) throws IOException {
    this.root = Files.createDirectories(root);
    this.name = name;
  }

  /** The path the application is given. */
  Path file() {
    return root.resolve(name);
  }

  void publish(String content) throws IOException {
    String dir = "..v" + (++version);
    Files.writeString(Files.createDirectory(root.resolve(dir)).resolve(name), content);
    Path staged = root.resolve("..data_tmp");
    Files.deleteIfExists(staged);
    Files.createSymbolicLink(staged, Path.of(dir));
    Files.move(staged, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(file(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(file(), Path.of("..data", name));
    }
  }
}
