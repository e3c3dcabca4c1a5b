package org.segstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.segstream.inference.batch.OverloadPolicy;
import org.segstream.inference.mask.MaskFormat;
import org.segstream.inference.mask.MaskResolution;

class WorkerConfigTest {

  @Test
  void environmentOverridesDefaults() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.ofEntries(
        Map.entry("SEGSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:1234"),
        Map.entry("SEGSTREAM_MODEL_DIR", "/models/x"),
        Map.entry("SEGSTREAM_WORKER_THREADS", "2"),
        Map.entry("SEGSTREAM_WORKER_ID", "w7"),
        Map.entry("SEGSTREAM_MAX_WAIT_MS", "25"),
        Map.entry("SEGSTREAM_POOL_THREADS", "3"),
        Map.entry("SEGSTREAM_COMMIT_INTERVAL_MS", "250"),
        Map.entry("SEGSTREAM_OVERLOAD_POLICY", "Freshest"),
        Map.entry("SEGSTREAM_MAX_FRAME_AGE_MS", "800"),
        Map.entry("SEGSTREAM_MASK_ENCODING", "png"),
        Map.entry("SEGSTREAM_MASK_RESOLUTION", "frame"),
        Map.entry("SEGSTREAM_DECODE_REDUCED", "TRUE"),
        Map.entry("SEGSTREAM_METRICS_PORT", "9400")));
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:1234");
    assertThat(config.modelDir()).isEqualTo(Path.of("/models/x"));
    assertThat(config.threads()).isEqualTo(2);
    assertThat(config.framesTopic()).isEqualTo("segstream.frames");
    assertThat(config.maxWaitMs()).isEqualTo(25);
    assertThat(config.poolThreads()).isEqualTo(3);
    assertThat(config.commitIntervalMs()).isEqualTo(250);
    assertThat(config.overload()).isEqualTo(OverloadPolicy.FRESHEST);
    assertThat(config.maxFrameAgeMs()).isEqualTo(800);
    assertThat(config.maskFormat()).isEqualTo(MaskFormat.PNG);
    assertThat(config.maskResolution()).isEqualTo(MaskResolution.FRAME);
    assertThat(config.decodeReduced()).isTrue();
    assertThat(config.metricsPort()).isEqualTo(9400);
  }

  @Test
  void defaultsAreLosslessRunLengthMasksAtModelResolutionWithoutAMetricsPort() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of());
    assertThat(config.overload()).isEqualTo(OverloadPolicy.LOSSLESS);
    assertThat(config.maskFormat()).isEqualTo(MaskFormat.RLE);
    assertThat(config.maskResolution()).isEqualTo(MaskResolution.MODEL);
    assertThat(config.decodeReduced()).isFalse();
    assertThat(config.metricsPort()).isZero();
    assertThat(config.maxInFlight()).isGreaterThanOrEqualTo(config.maxBatch());
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseNamesTheVariable() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("SEGSTREAM_DECODE_REDUCED", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SEGSTREAM_DECODE_REDUCED must be true or false, got 'yes'");
  }

  @Test
  void theInFlightDefaultGrowsWithTheBatch() {
    assertThat(WorkerConfig.fromEnv(Map.of("SEGSTREAM_MAX_BATCH", "32")).maxInFlight()).isEqualTo(128);
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
  void unknownPolicyListsTheChoices() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("SEGSTREAM_OVERLOAD_POLICY", "newest")))
        .hasMessage("SEGSTREAM_OVERLOAD_POLICY must be one of lossless|freshest, got 'newest'");
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("SEGSTREAM_MASK_ENCODING", "jpeg")))
        .hasMessageContaining("rle|png");
  }

  @Test
  void fewerRecordsInFlightThanABatchAreRefused() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("SEGSTREAM_MAX_BATCH", "16", "SEGSTREAM_MAX_IN_FLIGHT", "8")))
        .hasMessageContaining("SEGSTREAM_MAX_IN_FLIGHT, at least SEGSTREAM_MAX_BATCH");
  }

  @Test
  void kafkaPropertiesAreExactlyOnceWithOneIdentityPerLane() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of("SEGSTREAM_WORKER_ID", "w1"));
    Properties consumer = config.consumerProperties(3);
    assertThat(consumer).containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", "false")
        .containsEntry("group.instance.id", "w1-3");
    Properties producer = config.producerProperties(3);
    assertThat(producer).containsEntry("transactional.id", "segstream-worker-w1-3").containsEntry("acks", "all");
  }
}
