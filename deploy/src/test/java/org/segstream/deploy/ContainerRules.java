package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One container: image, ports, environment, mounts, resources and probes. */
final class ContainerRules {
  private static final List<String> PROBES = List.of("startupProbe", "readinessProbe", "livenessProbe");
  private static final List<String> HANDLERS = List.of("httpGet", "tcpSocket", "grpc", "exec");

  private ContainerRules() {}

  static void check(Container c, Set<String> volumes, Problems problems) {
    if (!K8sNames.dns1123Label(c.name())) {
      problems.add(c, "container name '" + c.name() + "' is not a DNS-1123 label");
    }
    if (c.image() == null || c.image().isBlank()) {
      problems.add(c, "has no image");
    }
    ports(c, problems);
    env(c, problems);
    for (JsonNode mount : Yaml.elements(c.node().path("volumeMounts"))) {
      String name = Yaml.text(mount.get("name"));
      String path = Yaml.text(mount.get("mountPath"));
      if (!volumes.contains(name)) {
        problems.add(c, "volumeMount " + name + " names no volume of the pod");
      }
      if (path == null || !path.startsWith("/")) {
        problems.add(c, "volumeMount " + name + " needs an absolute mountPath, got " + path);
      }
    }
    resources(c, problems);
    for (String probe : PROBES) {
      if (c.node().has(probe)) {
        probe(c, probe, c.node().get(probe), problems);
      }
    }
  }

  private static void ports(Container c, Problems problems) {
    Set<String> names = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    for (JsonNode port : Yaml.elements(c.node().path("ports"))) {
      JsonNode number = port.get("containerPort");
      if (!K8sNames.port(number)) {
        problems.add(c, "containerPort must be a number in 1..65535, got " + number);
      } else if (!numbers.add(number.asInt())) {
        problems.add(c, "containerPort " + number + " declared twice");
      }
      String name = Yaml.text(port.get("name"));
      if (name != null && (!K8sNames.portName(name) || !names.add(name))) {
        problems.add(c, "port name '" + name + "' is illegal (IANA service name, <= 15 chars) or repeated");
      }
    }
  }

  private static void env(Container c, Problems problems) {
    Set<String> names = new HashSet<>();
    for (JsonNode var : Yaml.elements(c.node().path("env"))) {
      String name = Yaml.text(var.get("name"));
      if (!K8sNames.envName(name)) {
        problems.add(c, "environment variable name '" + name + "' is not a valid name");
      } else if (!names.add(name)) {
        problems.add(c, "environment variable " + name + " set twice");
      }
      boolean hasValue = var.has("value");
      if (hasValue == var.has("valueFrom")) {
        problems.add(c, "environment variable " + name + " needs exactly one of value and valueFrom");
      }
      // The API takes strings only: `value: 9400` is rejected at apply time.
      if (hasValue && !var.get("value").isTextual()) {
        problems.add(c, "environment variable " + name + " has a non-string value " + var.get("value")
            + " (quote it)");
      }
    }
  }

  private static void resources(Container c, Problems problems) {
    JsonNode resources = c.node().path("resources");
    for (String section : List.of("requests", "limits")) {
      for (Map.Entry<String, JsonNode> e : Yaml.fields(resources.path(section))) {
        if (!K8sNames.quantity(e.getValue())) {
          problems.add(c, "resources." + section + "." + e.getKey() + " is not a quantity: " + e.getValue());
        }
      }
    }
    // Extended resources such as GPUs cannot be overcommitted: requests, if given, equal limits.
    JsonNode gpuRequest = resources.path("requests").get("nvidia.com/gpu");
    JsonNode gpuLimit = resources.path("limits").get("nvidia.com/gpu");
    if (gpuRequest != null && (gpuLimit == null || !gpuRequest.asText().equals(gpuLimit.asText()))) {
      problems.add(c, "nvidia.com/gpu requests must equal its limits");
    }
    if (gpuLimit != null && !(gpuLimit.canConvertToInt() && gpuLimit.asInt() > 0)) {
      problems.add(c, "nvidia.com/gpu limit must be a whole number > 0, got " + gpuLimit);
    }
  }

  private static void probe(Container c, String probe, JsonNode node, Problems problems) {
    List<String> handlers = HANDLERS.stream().filter(node::has).toList();
    if (handlers.size() != 1) {
      problems.add(c, probe + " needs exactly one of " + HANDLERS + ", has " + handlers);
      return;
    }
    String handler = handlers.get(0);
    if ("exec".equals(handler)) {
      return;
    }
    JsonNode port = node.path(handler).get("port");
    if (port != null && port.isTextual()) {
      if ("grpc".equals(handler)) {
        problems.add(c, probe + ".grpc.port must be a number (gRPC probes take no port names)");
      } else if (c.port(port.asText()).isEmpty()) {
        problems.add(c, probe + " uses port '" + port.asText() + "', which the container does not name");
      }
    } else if (!K8sNames.port(port) || !c.hasPort(port.asInt())) {
      problems.add(c, probe + " port " + port + " is not a containerPort of the container");
    }
  }
}
