package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void environmentOverridesDefaults() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of(
        "SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:1234",
        "SEGSTREAM_MODEL_DIR", "/models/x",
        "SEGSTREAM_WORKER_THREADS", "2",
        "SEGSTREAM_WORKER_ID", "w7"));
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:1234");
    assertThat(config.modelDir()).isEqualTo(Path.of("/models/x"));
    assertThat(config.threads()).isEqualTo(2);
    assertThat(config.framesTopic()).isEqualTo("segstream.frames");
  }

  @Test
  void badNumberNamesTheVariable() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("SEGSTREAM_MAX_BATCH", "many")))
        .hasMessageContaining("SEGSTREAM_MAX_BATCH");
  }

  @Test
  void outOfRangeThreadsNamesTheField() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("SEGSTREAM_WORKER_THREADS", "0")))
        .hasMessageContaining("threads (SEGSTREAM_WORKER_THREADS)");
  }

  @Test
  void kafkaPropertiesAreExactlyOnce() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of("SEGSTREAM_WORKER_ID", "w1"));
    Properties consumer = config.consumerProperties();
    assertThat(consumer).containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", "false");
    Properties producer = config.producerProperties(3);
    assertThat(producer).containsEntry("transactional.id", "segstream-worker-w1-3").containsEntry("acks", "all");
  }
}
