package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAML (and JSON) files read as Jackson trees, with small helpers for the shapes they hold. */
final class Yaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private Yaml() {}

  /** Every non-empty document of a multi-document file, in order. */
  static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> out = new ArrayList<>();
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        // A file that starts with comments and '---' has an empty first document.
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + Repo.name(file) + ": " + e.getMessage(), e);
    }
  }

  /** A single-document file. */
  static JsonNode document(Path file) {
    List<JsonNode> docs = documents(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(Repo.name(file) + " holds " + docs.size() + " documents, expected 1");
    }
    return docs.get(0);
  }

  static JsonNode parse(String yaml, String where) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + where + ": " + e.getMessage(), e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + Repo.name(file) + ": " + e.getMessage(), e);
    }
  }

  /** The text of a scalar, or null for a missing node or a container. */
  static String text(JsonNode node) {
    return node == null || !node.isValueNode() ? null : node.asText();
  }

  /** The fields of an object node in order (empty for anything else). */
  static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    if (node == null || !node.isObject()) {
      return List.of();
    }
    return node::fields;
  }

  /** The elements of an array node (empty for anything else). */
  static Iterable<JsonNode> elements(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    return node::elements;
  }
}
