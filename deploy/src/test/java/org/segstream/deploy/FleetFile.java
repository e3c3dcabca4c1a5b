package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fleet file's format (ingest's SEGSTREAM_FLEET_FILE, issue 4): {@code defaults} and a list
 * of {@code cameras}, each camera overriding any default. Checked so a typo in a deployed fleet
 * file fails here rather than in a running ingester.
 */
final class FleetFile {
  private static final Set<String> SETTINGS = Set.of("fps", "projection", "hfov_deg", "max_width", "max_height",
      "jpeg_quality", "loop", "connect_timeout_ms", "read_timeout_ms");
  private static final Set<String> CAMERA_ONLY = Set.of("id", "url", "enabled");
  // Sorted, so messages list them in a stable order.
  private static final Set<String> PROJECTIONS = new TreeSet<>(List.of("pinhole", "equirectangular"));
  private static final Set<String> SCHEMES = new TreeSet<>(List.of("rtsp", "rtsps", "rtmp", "rtmps", "http",
      "https", "srt", "udp", "tcp", "file"));
  // CameraSpec's rule for ids: they become record keys and Frame.camera_id.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private FleetFile() {}

  static List<String> problems(String where, JsonNode fleet) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : Yaml.fields(fleet)) {
      if (!Set.of("defaults", "cameras").contains(e.getKey())) {
        out.add(where + ": unknown top-level key " + e.getKey());
      }
    }
    settings(where + " defaults", fleet.path("defaults"), Set.of(), out);
    JsonNode cameras = fleet.path("cameras");
    if (!cameras.isArray() || cameras.isEmpty()) {
      out.add(where + ": cameras must list at least one camera");
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode camera : Yaml.elements(cameras)) {
      String id = Yaml.text(camera.get("id"));
      String at = where + " camera " + id;
      if (id == null || !ID.matcher(id).matches()) {
        out.add(at + ": id must be 1..128 of letters, digits, '.', '_', ':', '-'");
      } else if (!ids.add(id)) {
        out.add(at + ": id appears twice");
      }
      url(at, Yaml.text(camera.get("url")), out);
      settings(at, camera, CAMERA_ONLY, out);
      if (camera.has("enabled") && !camera.get("enabled").isBoolean()) {
        out.add(at + ": enabled must be true or false");
      }
    }
    return out;
  }

  private static void url(String at, String url, List<String> out) {
    try {
      String scheme = url == null ? null : new URI(url).getScheme();
      if (scheme == null || !SCHEMES.contains(scheme)) {
        out.add(at + ": url needs a scheme of " + SCHEMES + ", got " + url);
      }
    } catch (URISyntaxException e) {
      out.add(at + ": url is not a URI: " + e.getMessage());
    }
  }

  private static void settings(String at, JsonNode node, Set<String> extra, List<String> out) {
    for (Map.Entry<String, JsonNode> e : Yaml.fields(node)) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (!SETTINGS.contains(key) && !extra.contains(key)) {
        out.add(at + ": unknown setting " + key);
      } else if (key.equals("projection") && !PROJECTIONS.contains(v.asText())) {
        out.add(at + ": projection must be one of " + PROJECTIONS + ", got " + v);
      } else if (key.equals("loop") && !v.isBoolean()) {
        out.add(at + ": loop must be true or false");
      } else if (!range(key, v)) {
        out.add(at + ": " + key + " out of range: " + v);
      }
    }
  }

  /** Ranges as ingest's CameraSpec enforces them (fps 0 = every frame). */
  private static boolean range(String key, JsonNode v) {
    return switch (key) {
      case "fps" -> v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1000;
      case "hfov_deg" -> v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 360;
      case "jpeg_quality" -> v.isInt() && v.asInt() >= 1 && v.asInt() <= 100;
      case "max_width", "max_height", "connect_timeout_ms", "read_timeout_ms" -> v.isInt() && v.asInt() > 0;
      default -> true;
    };
  }
}
