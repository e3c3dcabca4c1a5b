package org.segstream.ingest.fleet;

import static org.segstream.ingest.fleet.FleetEntries.or;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.segstream.ingest.CameraFieldException;
import org.segstream.ingest.CameraSpec;
import org.segstream.ingest.source.SourceUrl;
import org.segstream.proto.v1.Projection;

/**
 * Reads a fleet file (YAML: {@code defaults:} and {@code cameras:}, snake_case) into validated
 * {@link CameraSpec}s. Any problem raises one {@link IllegalArgumentException} whose message names
 * the file, the camera and the field. Relative file paths are taken from the fleet file's folder.
 */
public final class FleetFile {
  private static final Set<String> TOP_LEVEL = Set.of("defaults", "cameras");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private FleetFile() {}

  /** Reads and validates the fleet file at {@code path}. */
  public static List<CameraSpec> read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("fleet file " + path + ": cannot read it: " + e, e);
    }
    return parse(bytes, path);
  }

  /** Validates fleet file content read from {@code path} (which resolves relative file paths). */
  public static List<CameraSpec> parse(byte[] content, Path path) {
    try {
      return cameras(content, path.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fleet file " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<CameraSpec> cameras(byte[] content, Path dir) {
    JsonNode root = tree(content);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("must be a mapping with defaults: and cameras:");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!TOP_LEVEL.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "' (expected defaults and cameras)");
      }
    }
    FleetEntries.Defaults defaults = bind(root.get("defaults"), FleetEntries.Defaults.class, "defaults");
    defaults = defaults == null ? FleetEntries.Defaults.BUILT_IN : defaults.over(FleetEntries.Defaults.BUILT_IN);
    JsonNode list = root.get("cameras");
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("cameras must be a list");
    }
    List<CameraSpec> cameras = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String name = node.hasNonNull("id") ? "camera " + node.get("id").asText() : "cameras[" + i + "]";
      CameraSpec spec = spec(bind(node, FleetEntries.Camera.class, name), defaults, dir, i);
      Integer before = seen.putIfAbsent(spec.id(), i);
      if (before != null) {
        throw new CameraFieldException(spec.id(), "id", "appears more than once (cameras[" + before + "] and cameras["
            + i + "])");
      }
      cameras.add(spec);
    }
    return List.copyOf(cameras);
  }

  private static JsonNode tree(byte[] content) {
    try {
      return YAML.readTree(content);
    } catch (IOException e) {
      throw new IllegalArgumentException("is not valid YAML: " + firstLine(e), e);
    }
  }

  private static <T> T bind(JsonNode node, Class<T> type, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping of settings");
    }
    try {
      return YAML.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(where + ": unknown field '" + e.getPropertyName() + "'", e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(where + ": " + field(e) + " has the wrong type: " + firstLine(e), e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(where + ": " + firstLine(e), e);
    }
  }

  private static CameraSpec spec(FleetEntries.Camera c, FleetEntries.Defaults d, Path dir, int index) {
    if (c.id() == null) {
      throw new IllegalArgumentException("cameras[" + index + "]: id is required");
    }
    return new CameraSpec(c.id(), resolve(c.url(), dir), or(c.fps(), d.fps()),
        projection(c.id(), or(c.projection(), d.projection())), or(c.hfovDeg(), d.hfovDeg()),
        or(c.maxWidth(), d.maxWidth()), or(c.maxHeight(), d.maxHeight()), or(c.jpegQuality(), d.jpegQuality()),
        or(c.loop(), d.loop()), or(c.pace(), d.pace()), or(c.connectTimeoutMs(), d.connectTimeoutMs()),
        or(c.readTimeoutMs(), d.readTimeoutMs()), or(c.rtspTransport(), d.rtspTransport()), or(c.enabled(), true), 0);
  }

  /** A relative file path is taken from the fleet file's folder, not the process's working directory. */
  private static String resolve(String url, Path dir) {
    if (url == null || url.isBlank() || dir == null) {
      return url;
    }
    try {
      SourceUrl parsed = SourceUrl.parse(url);
      boolean plainPath = parsed.kind() == SourceUrl.Kind.FILE && parsed.input().equals(parsed.url());
      return plainPath && !Path.of(url).isAbsolute() ? dir.resolve(url).normalize().toString() : url;
    } catch (IllegalArgumentException e) {
      // Left as written: CameraSpec reports the bad url with the camera's name.
      return url;
    }
  }

  private static Projection projection(String id, String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "pinhole" -> Projection.PINHOLE;
      case "equirectangular" -> Projection.EQUIRECTANGULAR;
      default -> throw new CameraFieldException(id, "projection", "must be pinhole or equirectangular, got '"
          + text + "'");
    };
  }

  private static String field(JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    String name = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
    return name == null ? "a value" : name;
  }

  private static String firstLine(Exception e) {
    String text = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    return String.valueOf(text).lines().findFirst().orElse("");
  }
}
