package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Projection;

class IngestConfigTest {
  private static final CameraSpec CAMERA = CameraSpec.of("cam-1", "/v.mp4", Projection.PINHOLE);

  @Test
  void fromEnvReadsOneCameraAndTheKafkaSettings() {
    IngestConfig config = IngestConfig.fromEnv(Map.of(
        "SEGSTREAM_BOOTSTRAP_SERVERS", "kafka:9092",
        "SEGSTREAM_CAMERA_ID", "pano-7",
        "SEGSTREAM_SOURCE", "/data/pano.mp4",
        "SEGSTREAM_TARGET_FPS", "5",
        "SEGSTREAM_PROJECTION", "equirectangular",
        "SEGSTREAM_JPEG_QUALITY", "80",
        "SEGSTREAM_LOOP", "true",
        "SEGSTREAM_MAX_FRAMES", "100"));
    assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.framesTopic()).isEqualTo(Topics.FRAMES);
    assertThat(config.cameras()).containsExactly(
        new CameraSpec("pano-7", "/data/pano.mp4", 5, Projection.EQUIRECTANGULAR, 360, 1920, 1080, 80, true, true,
            5000, 5000, "tcp", true, 100));
  }

  @Test
  void fromEnvWithoutSourceFailsNamingSegstreamSource() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEGSTREAM_SOURCE");
  }

  @Test
  void fromEnvNamesTheVariableOfAMalformedNumber() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("SEGSTREAM_SOURCE", "/v.mp4", "SEGSTREAM_TARGET_FPS", "fast")))
        .hasMessage("SEGSTREAM_TARGET_FPS must be a number, got 'fast'");
  }

  @Test
  void fromEnvNamesTheVariableOfAnUnknownProjection() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("SEGSTREAM_SOURCE", "/v.mp4", "SEGSTREAM_PROJECTION", "fisheye")))
        .hasMessageContaining("SEGSTREAM_PROJECTION").hasMessageContaining("fisheye");
  }

  @Test
  void fromEnvRejectsAMisspeltBooleanInsteadOfReadingItAsFalse() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("SEGSTREAM_SOURCE", "/v.mp4", "SEGSTREAM_LOOP", "ture")))
        .hasMessage("SEGSTREAM_LOOP must be true or false, got 'ture'");
  }

  @Test
  void blankBootstrapServersIsRejectedNamingIt() {
    assertThatThrownBy(() -> new IngestConfig(" ", Topics.FRAMES, List.of(CAMERA)))
        .hasMessageContaining("bootstrapServers (SEGSTREAM_BOOTSTRAP_SERVERS)");
  }

  @Test
  void illegalTopicNameIsRejectedNamingFramesTopic() {
    assertThatThrownBy(() -> new IngestConfig("k:9092", "frames topic", List.of(CAMERA)))
        .hasMessageContaining("framesTopic (SEGSTREAM_FRAMES_TOPIC)").hasMessageContaining("frames topic");
  }

  @Test
  void noCamerasIsRejectedNamingCameras() {
    assertThatThrownBy(() -> new IngestConfig("k:9092", Topics.FRAMES, List.of()))
        .hasMessageContaining("cameras");
  }

  @Test
  void duplicateCameraIdsAreRejectedNamingTheId() {
    assertThatThrownBy(() -> IngestConfig.of("k:9092", List.of(CAMERA, CAMERA.withTargetFps(2))))
        .hasMessageContaining("cameras").hasMessageContaining("cam-1");
  }

  @Test
  void producerIsIdempotentWaitsForAllReplicasAndSendsFramesUncompressed() {
    Properties p = IngestConfig.of("kafka:9092", List.of(CAMERA)).producerProperties();
    assertThat(p.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka:9092");
    assertThat(p.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
    assertThat(p.getProperty(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
    assertThat(p.getProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("none");
    assertThat(Integer.parseInt(p.getProperty(ProducerConfig.LINGER_MS_CONFIG))).isBetween(0, 20);
  }

  @Test
  void producerMaxRequestSizeMatchesTheBrokersMaxMessageBytes() {
    Properties p = IngestConfig.of("kafka:9092", List.of(CAMERA)).producerProperties();
    assertThat(Integer.parseInt(p.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
        .isEqualTo(EmbeddedKafka.MAX_MESSAGE_BYTES);
    assertThat(Long.parseLong(p.getProperty(ProducerConfig.BUFFER_MEMORY_CONFIG)))
        .isGreaterThanOrEqualTo(EmbeddedKafka.MAX_MESSAGE_BYTES);
  }

  @Test
  void fromEnvWithAFleetFileReadsItsCamerasAndTheServiceSettings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path fleet = java.nio.file.Files.writeString(dir.resolve("fleet.yaml"),
        "cameras:\n  - id: a\n    url: rtsp://cam-a/live\n  - id: b\n    url: /v.mp4\n    enabled: false\n");
    IngestConfig config = IngestConfig.fromEnv(Map.of(
        "SEGSTREAM_FLEET_FILE", fleet.toString(),
        "SEGSTREAM_CAMERAS_TOPIC", "my.cameras",
        "SEGSTREAM_METRICS_PORT", "9401"));
    assertThat(config.fleetFile()).isEqualTo(fleet);
    assertThat(config.cameras()).extracting(CameraSpec::id).containsExactly("a", "b");
    assertThat(config.camerasTopic()).isEqualTo("my.cameras");
    assertThat(config.metricsPort()).isEqualTo(9401);
  }

  @Test
  void fromEnvDefaultsTheCamerasTopicToTheContractsName() {
    assertThat(IngestConfig.fromEnv(Map.of("SEGSTREAM_SOURCE", "/v.mp4")).camerasTopic()).isEqualTo(Topics.CAMERAS);
  }

  @Test
  void fleetFileAndSingleSourceTogetherAreRejected() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("SEGSTREAM_SOURCE", "/v.mp4", "SEGSTREAM_FLEET_FILE", "/f.yaml")))
        .hasMessage("set SEGSTREAM_FLEET_FILE or SEGSTREAM_SOURCE, not both");
  }

  @Test
  void fromEnvNamesTheVariableOfAnInvalidCameraSetting() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("SEGSTREAM_SOURCE", "/v.mp4", "SEGSTREAM_TARGET_FPS", "-2")))
        .hasMessageStartingWith("camera cam-0: SEGSTREAM_TARGET_FPS (fps) must be in 0..1000");
  }

  @Test
  void producersBlockBrieflySoABrokerThatCannotKeepUpCostsFramesNotCameras() {
    IngestConfig config = IngestConfig.of("kafka:9092", List.of(CAMERA));
    assertThat(config.producerProperties().getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo("2000");
    assertThat(config.statusProducerProperties().getProperty(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
  }
}
