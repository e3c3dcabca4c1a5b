package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** docker-compose.yml as the tests read it: services, their environment, ports and volumes. */
final class Compose {
  static final String FILE = "docker-compose.yml";

  private final JsonNode root;

  private Compose(JsonNode root) {
    this.root = root;
  }

  static Compose load() {
    return new Compose(Yaml.document(Repo.path(FILE)));
  }

  Map<String, JsonNode> services() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Yaml.fields(root.path("services")).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  JsonNode service(String name) {
    JsonNode s = root.path("services").get(name);
    if (s == null) {
      throw new AssertionError(FILE + " has no service " + name);
    }
    return s;
  }

  /** Every profile any service names. */
  Set<String> profiles() {
    Set<String> out = new TreeSet<>();
    services().values().forEach(s -> Yaml.elements(s.path("profiles")).forEach(p -> out.add(p.asText())));
    return out;
  }

  /** The segstream command a service runs (ingest, worker, postprocess), or null. */
  static String segstreamCommand(JsonNode service) {
    JsonNode command = service.path("command");
    String first = command.isArray() && !command.isEmpty() ? command.get(0).asText()
        : command.isTextual() ? command.asText().trim().split("\\s+")[0] : null;
    return ServiceSources.isService(first) ? first : null;
  }

  /** The environment in either of compose's forms (a map, or a list of NAME=VALUE). */
  static Map<String, String> environment(JsonNode service) {
    JsonNode env = service.path("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env.isObject()) {
      Yaml.fields(env).forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    } else {
      for (JsonNode item : Yaml.elements(env)) {
        String[] kv = item.asText().split("=", 2);
        out.put(kv[0], kv.length > 1 ? kv[1] : null);
      }
    }
    return out;
  }

  /** Container-side ports a service publishes ("HOST:CONTAINER", "CONTAINER") or exposes. */
  static Set<Integer> containerPorts(JsonNode service) {
    Set<Integer> out = new TreeSet<>();
    for (JsonNode port : Yaml.elements(service.path("ports"))) {
      String text = port.isObject() ? port.path("target").asText() : port.asText();
      String container = text.substring(text.lastIndexOf(':') + 1).replaceAll("/.*", "");
      out.add(Integer.parseInt(container));
    }
    Yaml.elements(service.path("expose")).forEach(p -> out.add(Integer.parseInt(p.asText())));
    return out;
  }

  /** Short-syntax volumes as container path -> source (host path or volume name). */
  static Map<String, String> volumes(JsonNode service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode volume : Yaml.elements(service.path("volumes"))) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2) {
        out.put(parts[1], parts[0]);
      }
    }
    return out;
  }
}
