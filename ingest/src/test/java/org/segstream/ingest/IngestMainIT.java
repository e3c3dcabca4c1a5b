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
          "SEGSTREAM_MAX_FRAMES", "5"));
      try (IngestService service = IngestMain.build(config)) {
        service.start();
        assertThat(service.awaitCompletion(Duration.ofSeconds(60))).isTrue();
        assertThat(service.stats("env-cam").published()).isEqualTo(5);
      }
      assertThat(FrameTopic.read(kafka, "env-frames", 5, Duration.ofSeconds(30))).hasSize(5);
    }
  }
}
