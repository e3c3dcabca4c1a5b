package org.segstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code SEGSTREAM_*} variables each service reads, found where they are read: string
 * literals that are exactly a variable name in the service's main sources and in its
 * {@code segstream} command (which sets the variables its options stand for).
 */
final class ServiceSources {
  /** The services a container runs, by the {@code segstream} command that starts them. */
  static final List<String> SERVICES = List.of("ingest", "worker", "postprocess");

  private static final Pattern LITERAL = Pattern.compile("\"(SEGSTREAM_[A-Z0-9_]+)\"");

  private static final Map<String, List<String>> SOURCES = Map.of(
      "ingest", List.of("ingest/src/main", "cli/src/main/java/org/segstream/cli/service/IngestCommand.java"),
      "worker", List.of("inference-worker/src/main", "cli/src/main/java/org/segstream/cli/service/WorkerCommand.java"),
      "postprocess", List.of("postprocess/src/main",
          "cli/src/main/java/org/segstream/cli/service/PostprocessCommand.java"));

  /**
   * Variables the deployment files set for ingest before its sources read them (none since the
   * fleet ingester of issue 4 reads them all). A name added here must be removed once ingest
   * reads it; {@code EnvironmentVariablesTest} fails as soon as one is read, to keep this list honest.
   */
  static final Set<String> PENDING_IN_INGEST = Set.of();

  private ServiceSources() {}

  /** Whether a command (possibly null) starts one of the services. */
  static boolean isService(String command) {
    return command != null && SERVICES.contains(command);
  }

  /** Variables found in the sources, by service (without the pending list). */
  static Map<String, Set<String>> scanned() {
    Map<String, Set<String>> out = new TreeMap<>();
    SOURCES.forEach((service, roots) -> {
      Set<String> names = new TreeSet<>();
      roots.forEach(root -> javaFiles(Repo.path(root)).forEach(f -> names.addAll(literals(f))));
      out.put(service, names);
    });
    return out;
  }

  /** Variables each service reads, counting the pending ones as read by ingest. */
  static Map<String, Set<String>> read() {
    Map<String, Set<String>> out = scanned();
    out.get("ingest").addAll(PENDING_IN_INGEST);
    return out;
  }

  static Set<String> literals(Path file) {
    try {
      Matcher m = LITERAL.matcher(Files.readString(file));
      Set<String> names = new TreeSet<>();
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> javaFiles(Path root) {
    if (Files.isRegularFile(root)) {
      return List.of(root);
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }
}
