package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.kafka.EmbeddedKafka;

/** The service as main builds it from the environment. */
class IngestMainIT {
  @TempDir
  Path dir;

  @Test
  void serviceBuiltFromTheEnvironmentPublishesTheConfiguredFile() throws Exception {
    Path clip = TestClips.record(dir.resolve("env.mp4"), 8, 20, 64, 48);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, "env-frames");
      IngestConfig config = IngestConfig.fromEnv(Map.of(
          "SEGSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "SEGSTREAM_FRAMES_TOPIC", "env-frames",
          "SEGSTREAM_CAMERA_ID", "env-cam",
          "SEGSTREAM_SOURCE", clip.toString(),
          "SEGSTREAM_PACE", "false",
          "SEGSTREAM_MAX_FRAMES", "5",
          "SEGSTREAM_METRICS_PORT", String.valueOf(freePort())));
      try (IngestService service = IngestMain.build(config)) {
        service.start();
        assertThat(service.awaitCompletion(Duration.ofSeconds(60))).isTrue();
        assertThat(service.stats("env-cam").published()).isEqualTo(5);
        String metrics = scrape(config.metricsPort());
        assertThat(metrics).contains("segstream_ingest_frames_published_total{camera=\"env-cam\"} 5.0")
            .contains("segstream_ingest_encode_seconds_count{camera=\"env-cam\"} 5")
            .contains("segstream_ingest_bytes_total{camera=\"env-cam\"}")
            .contains("segstream_ingest_reconnects_total{camera=\"env-cam\"} 0.0");
      }
      assertThat(FrameTopic.read(kafka, "env-frames", 5, Duration.ofSeconds(30))).hasSize(5);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String scrape(int port) throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
