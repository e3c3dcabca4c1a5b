package org.segstream.ingest.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segstream.ingest.CameraSpec;
import org.segstream.proto.v1.Projection;

class FleetFileTest {
  private static final Path FILE = Path.of("/etc/segstream/fleet.yaml");

  private static List<CameraSpec> parse(String yaml) {
    return FleetFile.parse(yaml.getBytes(StandardCharsets.UTF_8), FILE);
  }

  @Test
  void camerasInheritTheDefaultsAndOverrideThem() {
    List<CameraSpec> cameras = parse("""
        defaults:
          fps: 5
          max_width: 1280
          max_height: 720
          jpeg_quality: 80
          connect_timeout_ms: 3000
        cameras:
          - id: street-1
            url: rtsp://sample-cameras:8554/street
          - id: plaza-360
            url: clips/plaza.mp4
            fps: 2
            projection: equirectangular
            hfov_deg: 360
            loop: true
            enabled: false
        """);
    CameraSpec street = cameras.get(0);
    assertThat(street.source()).isEqualTo("rtsp://sample-cameras:8554/street");
    assertThat(street.targetFps()).isEqualTo(5);
    assertThat(street.projection()).isEqualTo(Projection.PINHOLE);
    assertThat(street.maxWidth()).isEqualTo(1280);
    assertThat(street.maxHeight()).isEqualTo(720);
    assertThat(street.jpegQuality()).isEqualTo(80);
    assertThat(street.connectTimeoutMs()).isEqualTo(3000);
    assertThat(street.readTimeoutMs()).isEqualTo(5000);
    assertThat(street.pace()).isTrue();
    assertThat(street.enabled()).isTrue();
    CameraSpec plaza = cameras.get(1);
    assertThat(plaza.targetFps()).isEqualTo(2);
    assertThat(plaza.projection()).isEqualTo(Projection.EQUIRECTANGULAR);
    assertThat(plaza.hfovDeg()).isEqualTo(360f);
    assertThat(plaza.loop()).isTrue();
    assertThat(plaza.enabled()).isFalse();
  }

  @Test
  void rtspTransportIsTcpUnlessSetToUdp() {
    List<CameraSpec> cameras = parse("cameras:\n  - id: a\n    url: rtsp://h/1\n  - id: b\n    url: rtsp://h/2\n"
        + "    rtsp_transport: udp\n");
    assertThat(cameras).extracting(CameraSpec::rtspTransport).containsExactly("tcp", "udp");
    assertThatThrownBy(() -> parse("cameras:\n  - id: a\n    url: rtsp://h/1\n    rtsp_transport: quic\n"))
        .hasMessage("fleet file " + FILE + ": camera a: rtsp_transport must be tcp or udp, got 'quic'");
  }

  @Test
  void relativeFilePathsAreTakenFromTheFleetFilesFolder() {
    CameraSpec camera = parse("cameras:\n  - id: a\n    url: clips/a.mp4\n").get(0);
    assertThat(camera.source()).isEqualTo("/etc/segstream/clips/a.mp4");
  }

  @Test
  void emptyFileIsAnEmptyFleet() {
    assertThat(parse("")).isEmpty();
    assertThat(parse("cameras: []\n")).isEmpty();
  }

  @Test
  void unknownCameraFieldIsOneErrorNamingTheCameraAndTheField() {
    assertThatThrownBy(() -> parse("cameras:\n  - id: street-1\n    url: /v.mp4\n    fsp: 5\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fleet file " + FILE + ": camera street-1: unknown field 'fsp'");
  }

  @Test
  void unknownDefaultsFieldIsOneErrorNamingDefaults() {
    assertThatThrownBy(() -> parse("defaults:\n  frame_rate: 5\ncameras: []\n"))
        .hasMessage("fleet file " + FILE + ": defaults: unknown field 'frame_rate'");
  }

  @Test
  void unknownTopLevelFieldIsOneError() {
    assertThatThrownBy(() -> parse("camera:\n  - id: a\n"))
        .hasMessage("fleet file " + FILE + ": unknown field 'camera' (expected defaults and cameras)");
  }

  @Test
  void duplicateIdIsOneErrorNamingTheIdAndBothEntries() {
    assertThatThrownBy(() -> parse("cameras:\n  - id: gate\n    url: /a.mp4\n  - id: gate\n    url: /b.mp4\n"))
        .hasMessage("fleet file " + FILE + ": camera gate: id appears more than once (cameras[0] and cameras[1])");
  }

  @Test
  void badUrlIsOneErrorNamingTheCameraAndUrl() {
    assertThatThrownBy(() -> parse("cameras:\n  - id: gate\n    url: gopher://cam/1\n"))
        .hasMessageStartingWith("fleet file " + FILE + ": camera gate: url 'gopher://cam/1' has an unsupported scheme");
    assertThatThrownBy(() -> parse("cameras:\n  - id: gate\n    url: http://\n"))
        .hasMessageStartingWith("fleet file " + FILE + ": camera gate: url 'http://' is not a valid URL");
    assertThatThrownBy(() -> parse("cameras:\n  - id: gate\n"))
        .hasMessageStartingWith("fleet file " + FILE + ": camera gate: url is required");
  }

  @Test
  void negativeFpsIsOneErrorNamingTheCameraAndFps() {
    assertThatThrownBy(() -> parse("cameras:\n  - id: street-1\n    url: /v.mp4\n    fps: -1\n"))
        .hasMessage("fleet file " + FILE + ": camera street-1: fps must be in 0..1000 (0 keeps every frame), got -1.0");
  }

  @Test
  void wrongTypeNamesTheField() {
    assertThatThrownBy(() -> parse("cameras:\n  - id: a\n    url: /v.mp4\n    fps: fast\n"))
        .hasMessageStartingWith("fleet file " + FILE + ": camera a: fps has the wrong type");
  }

  @Test
  void unknownProjectionNamesTheCamera() {
    assertThatThrownBy(() -> parse("cameras:\n  - id: a\n    url: /v.mp4\n    projection: fisheye\n"))
        .hasMessage("fleet file " + FILE + ": camera a: projection must be pinhole or equirectangular, got 'fisheye'");
  }

  @Test
  void cameraWithoutIdIsNamedByItsPosition() {
    assertThatThrownBy(() -> parse("cameras:\n  - url: /v.mp4\n"))
        .hasMessage("fleet file " + FILE + ": cameras[0]: id is required");
  }

  @Test
  void malformedYamlSaysSo() {
    assertThatThrownBy(() -> parse("cameras: [\n"))
        .hasMessageStartingWith("fleet file " + FILE + ": is not valid YAML");
  }

  @Test
  void theDeploymentsFleetFilesAreValidFleets() throws Exception {
    Path compose = Path.of("../deploy/fleet.yaml");
    assertThat(FleetFile.read(compose)).extracting(CameraSpec::id).containsExactly("street-1", "plaza-360");
    Path configMap = Path.of("../deploy/kubernetes/fleet-configmap.yaml");
    String fleet = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(configMap.toFile()).path("data").path("fleet.yaml").asText();
    assertThat(FleetFile.parse(fleet.getBytes(StandardCharsets.UTF_8), configMap)).isNotEmpty();
  }
}
