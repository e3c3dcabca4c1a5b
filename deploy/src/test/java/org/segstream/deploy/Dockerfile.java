package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile read into its stages and instructions (continuations joined, comments dropped). */
final class Dockerfile {
  static final String FILE = "deploy/Dockerfile";

  private static final Pattern FROM = Pattern.compile("(?i)(\\S+)(?:\\s+AS\\s+(\\S+))?");
  private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");
  private static final Pattern ARG_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  record Instruction(String keyword, String args) {}

  record Stage(String name, String from, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
  }

  private final Map<String, String> globalArgs = new LinkedHashMap<>();
  private final List<Stage> stages = new ArrayList<>();

  static Dockerfile load() {
    return parse(Repo.read(FILE));
  }

  static Dockerfile parse(String text) {
    Dockerfile file = new Dockerfile();
    List<Instruction> current = null;
    for (String line : logicalLines(text)) {
      String[] kv = line.split("\\s+", 2);
      Instruction ins = new Instruction(kv[0].toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1].trim() : "");
      if (ins.keyword().equals("FROM")) {
        Matcher m = FROM.matcher(ins.args().replaceAll("--platform=\\S+\\s+", ""));
        if (!m.matches()) {
          throw new IllegalStateException(FILE + ": cannot read FROM " + ins.args());
        }
        current = new ArrayList<>();
        file.stages.add(new Stage(m.group(2), m.group(1), current));
      } else if (current == null && ins.keyword().equals("ARG")) {
        String[] arg = ins.args().split("=", 2);
        file.globalArgs.put(arg[0], arg.length > 1 ? arg[1] : "");
      } else if (current != null) {
        current.add(ins);
      }
    }
    return file;
  }

  private static List<String> logicalLines(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      out.add(pending.toString().strip());
      pending.setLength(0);
    }
    return out;
  }

  List<Stage> stages() {
    return stages;
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /** The stage, then the stages it is built FROM within this file, nearest first. */
  List<Stage> lineage(Stage stage) {
    List<Stage> out = new ArrayList<>();
    for (Stage s = stage; s != null; s = stage(s.from()).orElse(null)) {
      out.add(s);
    }
    return out;
  }

  /** The external image a stage finally builds on, with ARG defaults filled in. */
  String baseImage(Stage stage) {
    List<Stage> lineage = lineage(stage);
    String from = lineage.get(lineage.size() - 1).from();
    return ARG_REF.matcher(from).replaceAll(m -> globalArgs.getOrDefault(m.group(1), m.group()));
  }

  /** The nearest instruction of this kind in the stage or the stages it builds on. */
  Optional<Instruction> inherited(Stage stage, String keyword) {
    for (Stage s : lineage(stage)) {
      List<Instruction> found = s.all(keyword);
      if (!found.isEmpty()) {
        return Optional.of(found.get(found.size() - 1));
      }
    }
    return Optional.empty();
  }

  /** The environment a stage's image carries: its ancestors' ENV, overridden by its own. */
  Map<String, String> env(Stage stage) {
    List<Stage> lineage = lineage(stage);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = lineage.size() - 1; i >= 0; i--) {
      lineage.get(i).all("ENV").forEach(e -> out.putAll(envPairs(e.args())));
    }
    return out;
  }

  static Map<String, String> envPairs(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = ENV_PAIR.matcher(args);
    while (m.find()) {
      String value = m.group(2);
      out.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
    }
    return out;
  }

  /** The elements of an exec-form (JSON array) CMD or ENTRYPOINT. */
  static List<String> execForm(Instruction ins) {
    try {
      JsonNode array = new ObjectMapper().readTree(ins.args());
      List<String> out = new ArrayList<>();
      Yaml.elements(array).forEach(n -> out.add(n.asText()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(FILE + ": " + ins.keyword() + " is not in exec form: " + ins.args(), e);
    }
  }
}
