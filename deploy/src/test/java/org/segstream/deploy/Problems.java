package org.segstream.deploy;

import java.util.ArrayList;
import java.util.List;

/** What a check found wrong, each line naming the file and the object. */
final class Problems {
  private final List<String> lines = new ArrayList<>();

  void add(K8sObject where, String message) {
    lines.add(where.where() + ": " + message);
  }

  void add(Container where, String message) {
    lines.add(where.where() + ": " + message);
  }

  void add(String where, String message) {
    lines.add(where + ": " + message);
  }

  List<String> list() {
    return List.copyOf(lines);
  }

  /** One problem a line, for an assertion message. */
  static String describe(List<String> problems) {
    return problems.size() + " problem(s):\n  " + String.join("\n  ", problems);
  }
}
