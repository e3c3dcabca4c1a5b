package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A container of a workload's pod template.
 *
 * @param owner the Deployment or StatefulSet
 * @param node the container
 */
record Container(K8sObject owner, JsonNode node) {

  String name() {
    return Yaml.text(node.get("name"));
  }

  String image() {
    return Yaml.text(node.get("image"));
  }

  /** The first argument: the segstream command (ingest, worker, postprocess) the image runs. */
  String command() {
    JsonNode args = node.path("args");
    return args.isArray() && !args.isEmpty() ? args.get(0).asText() : null;
  }

  /** Variables set with a literal value (valueFrom ones map to null). */
  Map<String, String> env() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode var : Yaml.elements(node.path("env"))) {
      out.put(Yaml.text(var.get("name")), Yaml.text(var.get("value")));
    }
    return out;
  }

  /** The number of the container port with this name. */
  OptionalInt port(String portName) {
    for (JsonNode port : Yaml.elements(node.path("ports"))) {
      if (portName.equals(Yaml.text(port.get("name"))) && port.path("containerPort").isInt()) {
        return OptionalInt.of(port.path("containerPort").asInt());
      }
    }
    return OptionalInt.empty();
  }

  boolean hasPort(int number) {
    for (JsonNode port : Yaml.elements(node.path("ports"))) {
      if (port.path("containerPort").isInt() && port.path("containerPort").asInt() == number) {
        return true;
      }
    }
    return false;
  }

  String where() {
    return owner.where() + " container " + name();
  }
}
