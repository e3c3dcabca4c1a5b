package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Kubernetes object read from a manifest file, and where it came from (so every message can
 * name the file, the document and the object).
 *
 * @param file the manifest file
 * @param index the document's position in the file, from 0 (empty documents not counted)
 * @param node the object
 */
record K8sObject(Path file, int index, JsonNode node) {

  String apiVersion() {
    return Yaml.text(node.get("apiVersion"));
  }

  String kind() {
    return Yaml.text(node.get("kind"));
  }

  String name() {
    return Yaml.text(node.path("metadata").get("name"));
  }

  String namespace() {
    return Yaml.text(node.path("metadata").get("namespace"));
  }

  JsonNode spec() {
    return node.path("spec");
  }

  Map<String, String> labels() {
    return stringMap(node.path("metadata").path("labels"));
  }

  Map<String, String> annotations() {
    return stringMap(node.path("metadata").path("annotations"));
  }

  /** The pod template of a Deployment or StatefulSet; a missing node for other kinds. */
  JsonNode podTemplate() {
    return isWorkload() ? spec().path("template") : node.path("no-pod-template");
  }

  boolean isWorkload() {
    return "Deployment".equals(kind()) || "StatefulSet".equals(kind());
  }

  /** "deploy/kubernetes/x.yaml (document 2, Service/postprocess)". */
  String where() {
    return Repo.name(file) + " (document " + (index + 1) + ", " + kind() + "/" + name() + ")";
  }

  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : Yaml.fields(node)) {
      out.put(e.getKey(), Yaml.text(e.getValue()));
    }
    return out;
  }
}
