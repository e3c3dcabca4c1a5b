package org.segstream.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The build context's .dockerignore, enough of Docker's matching for the checks here: patterns
 * relative to the context root, '*' within a path element, '**' across them, '!' to re-include,
 * the last matching line wins, and a directory's exclusion covers what is inside it.
 */
final class DockerIgnore {
  static final String FILE = ".dockerignore";

  private record Rule(List<PathMatcher> matchers, boolean include) {}

  private final List<Rule> rules = new ArrayList<>();

  static DockerIgnore load() {
    DockerIgnore ignore = new DockerIgnore();
    for (String raw : Repo.read(FILE).split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean include = line.startsWith("!");
      String pattern = (include ? line.substring(1) : line).replaceAll("^/+", "").replaceAll("/+$", "");
      List<PathMatcher> matchers = new ArrayList<>();
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      // Docker's "**/x" also matches x at the root; Java's glob needs a '/' before it.
      if (pattern.startsWith("**/")) {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
      }
      ignore.rules.add(new Rule(matchers, include));
    }
    return ignore;
  }

  /** Whether a context path ("models/demo/x") is left out of the build context. */
  boolean excludes(String relative) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesItselfOrParent(rule, Path.of(relative))) {
        excluded = !rule.include();
      }
    }
    return excluded;
  }

  private static boolean matchesItselfOrParent(Rule rule, Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      for (PathMatcher m : rule.matchers()) {
        if (m.matches(p)) {
          return true;
        }
      }
    }
    return false;
  }
}
