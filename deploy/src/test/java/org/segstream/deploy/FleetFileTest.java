package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fleet files: well-formed, mounted where ingest looks, and (for compose) served by the sample cameras. */
class FleetFileTest {
  private static final String FLEET = "deploy/fleet.yaml";
  private static final String FEED = "deploy/sample-cameras/feed.sh";
  private static final Pattern SERVE = Pattern.compile("(?m)^serve\\s+(\\S+)\\s+(\\S+)\\s*&?\\s*$");

  @Test
  void theComposeFleetFileIsWellFormed() {
    List<String> problems = FleetFile.problems(FLEET, Yaml.document(Repo.path(FLEET)));
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  @Test
  void theKubernetesFleetFileIsWellFormed() {
    K8sObject map = Manifests.load().find("ConfigMap", "segstream-fleet").orElseThrow();
    String where = map.where() + " data fleet.yaml";
    List<String> problems = FleetFile.problems(where, Yaml.parse(map.node().path("data").path("fleet.yaml").asText(), where));
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  /** The checker is not a rubber stamp: a broken fleet file is reported setting by setting. */
  @Test
  void aBrokenFleetFileIsReported() {
    JsonNode broken = Yaml.parse("""
        defaults: {fps: -1, projection: fisheye, colour: red}
        cameras:
          - {id: a, url: "rtsp://h/s"}
          - {id: a, url: "not a url", jpeg_quality: 101}
        """, "broken");
    assertThat(FleetFile.problems("broken", broken)).containsExactlyInAnyOrder(
        "broken defaults: fps out of range: -1",
        "broken defaults: projection must be one of [equirectangular, pinhole], got \"fisheye\"",
        "broken defaults: unknown setting colour",
        "broken camera a: id appears twice",
        "broken camera a: url is not a URI: Illegal character in path at index 3: not a url",
        "broken camera a: jpeg_quality out of range: 101");
  }

  @Test
  void composeMountsTheFleetFileWhereIngestLooksAsADirectory() {
    JsonNode ingest = Compose.load().service("ingest");
    String fleetFile = Compose.environment(ingest).get("SEGSTREAM_FLEET_FILE");
    Map<String, String> volumes = Compose.volumes(ingest);
    String mounted = null;
    for (Map.Entry<String, String> v : volumes.entrySet()) {
      if (fleetFile.startsWith(v.getKey() + "/")) {
        String hostDir = v.getValue().replaceFirst("^\\./", "");
        // A directory, so the running ingester sees an edit that replaces the file.
        assertThat(Files.isDirectory(Repo.path(hostDir))).as(Compose.FILE + " ingest mounts " + hostDir).isTrue();
        mounted = hostDir + fleetFile.substring(v.getKey().length());
      }
    }
    assertThat(mounted).as(Compose.FILE + " ingest: SEGSTREAM_FLEET_FILE " + fleetFile + " is on no mount " + volumes)
        .isEqualTo(FLEET);
  }

  @Test
  void theSampleCamerasServeEveryStreamTheFleetFileReads() {
    Map<String, String> served = servedStreams();
    JsonNode feed = Compose.load().service("sample-camera-feed");
    String server = Compose.environment(feed).get("RTSP_SERVER");
    assertThat(Compose.volumes(feed)).as(Compose.FILE + " sample-camera-feed mounts the demo clips")
        .containsEntry("/clips", "./models/demo/clips");
    for (JsonNode camera : Yaml.elements(Yaml.document(Repo.path(FLEET)).path("cameras"))) {
      URI url = URI.create(camera.path("url").asText());
      assertThat(url.getScheme() + "://" + url.getAuthority()).as(FLEET + " camera " + camera.path("id").asText()
          + " reads from the sample RTSP server").isEqualTo(server);
      String path = url.getPath().substring(1);
      assertThat(served).as(FEED + " streams, for " + FLEET + " camera " + camera.path("id").asText()).containsKey(path);
      assertThat(Repo.path("models/demo/clips/" + served.get(path))).as("demo clip of stream " + path).isRegularFile();
    }
    assertThat(Compose.containerPorts(Compose.load().service("sample-cameras"))).as(Compose.FILE + " sample-cameras ports")
        .contains(URI.create(server).getPort());
  }

  /** Stream path -> clip file, from the feed script's `serve CLIP PATH` lines. */
  private static Map<String, String> servedStreams() {
    Map<String, String> out = new TreeMap<>();
    Matcher m = SERVE.matcher(Repo.read(FEED));
    while (m.find()) {
      out.put(m.group(2), m.group(1));
    }
    assertThat(new TreeSet<>(out.values())).as(FEED + " clips").isNotEmpty();
    return out;
  }
}
