package org.segstream.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.topology.MaskTimestampExtractor;
import org.segstream.proto.Topics;

class PostprocessConfigTest {

  @Test
  void anEmptyEnvironmentGivesTheDefaults() {
    PostprocessConfig config = PostprocessConfig.fromEnv(Map.of());

    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.masksTopic()).isEqualTo(Topics.MASKS);
    assertThat(config.statsTopic()).isEqualTo(Topics.STATS);
    assertThat(config.masksDlqTopic()).isEqualTo(Topics.MASKS_DLQ);
    assertThat(config.windowSizes()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(config.grace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.retention()).isEqualTo(Duration.ofHours(1));
    assertThat(config.grpcHost()).isEqualTo("127.0.0.1");
    assertThat(config.grpcPort()).isEqualTo(50051);
  }

  @Test
  void everySettingIsReadFromItsVariable() {
    PostprocessConfig config = PostprocessConfig.fromEnv(Map.ofEntries(
        Map.entry("SEGSTREAM_BOOTSTRAP_SERVERS", "kafka:9092"),
        Map.entry("SEGSTREAM_APPLICATION_ID", "pp-1"),
        Map.entry("SEGSTREAM_MASKS_TOPIC", "m"),
        Map.entry("SEGSTREAM_STATS_TOPIC", "s"),
        Map.entry("SEGSTREAM_MASKS_DLQ_TOPIC", "d"),
        Map.entry("SEGSTREAM_CAMERAS_TOPIC", "c"),
        Map.entry("SEGSTREAM_WINDOW_SIZES", "1m, 10s"),
        Map.entry("SEGSTREAM_WINDOW_GRACE", "2s"),
        Map.entry("SEGSTREAM_WINDOW_RETENTION", "PT2H"),
        Map.entry("SEGSTREAM_STATE_DIR", "/var/lib/pp"),
        Map.entry("SEGSTREAM_GRPC_HOST", "0.0.0.0"),
        Map.entry("SEGSTREAM_GRPC_PORT", "0"),
        Map.entry("SEGSTREAM_COMMIT_INTERVAL", "250ms"),
        Map.entry("SEGSTREAM_METRICS_PORT", "9400"),
        Map.entry("SEGSTREAM_SECTORS", "12"),
        Map.entry("SEGSTREAM_ADVERTISED_GRPC", "pp-0.pp:50051")));

    assertThat(config).isEqualTo(new PostprocessConfig("kafka:9092", "pp-1", "m", "s", "d", "c",
        List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), Duration.ofSeconds(2), Duration.ofHours(2),
        Path.of("/var/lib/pp"), "0.0.0.0", 0, Duration.ofMillis(250), 9400, 12, "pp-0.pp:50051", GrpcSecurity.NONE));
  }

  @Test
  void aTlsCertificateWithoutItsKeyIsRefusedNamingBothVariables(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path cert = java.nio.file.Files.writeString(dir.resolve("server.crt"), "pem");
    assertThatThrownBy(() -> PostprocessConfig.fromEnv(Map.of("SEGSTREAM_TLS_CERT", cert.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SEGSTREAM_TLS_CERT and SEGSTREAM_TLS_KEY");
    assertThatThrownBy(() -> PostprocessConfig.fromEnv(Map.of("SEGSTREAM_AUTH_TOKENS_FILE", "/no/such/tokens")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SEGSTREAM_AUTH_TOKENS_FILE: cannot read /no/such/tokens");
  }

  @Test
  void aWindowSizeThatIsNotWholeSecondsIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> PostprocessConfig.fromEnv(Map.of("SEGSTREAM_WINDOW_SIZES", "1500ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowSizes (SEGSTREAM_WINDOW_SIZES) must be positive whole seconds");
  }

  @Test
  void aRetentionShorterThanWindowPlusGraceIsRefused() {
    assertThatThrownBy(() -> PostprocessConfig.fromEnv(Map.of("SEGSTREAM_WINDOW_RETENTION", "12s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention (SEGSTREAM_WINDOW_RETENTION) must be at least");
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> PostprocessConfig.fromEnv(Map.of("SEGSTREAM_GRPC_PORT", "70000")))
        .hasMessageContaining("grpcPort (SEGSTREAM_GRPC_PORT) must be in 0..65535");
  }

  @Test
  void anUnreadableDurationIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> PostprocessConfig.fromEnv(Map.of("SEGSTREAM_WINDOW_GRACE", "soon")))
        .hasMessageContaining("SEGSTREAM_WINDOW_GRACE must be a duration");
  }

  @Test
  void streamsPropertiesAreExactlyOnceWithRawBytesAndCaptureTime() {
    PostprocessConfig config = PostprocessConfig.defaults("kafka:9092").withStateDir(Path.of("/tmp/pp-state"));

    Properties p = config.streamsProperties();

    assertThat(p).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "segstream-postprocess")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName())
        .containsEntry(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName())
        .containsEntry(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, MaskTimestampExtractor.class.getName())
        .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueExceptionHandler.class.getName())
        .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/pp-state")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    // Kafka Streams accepts the whole set.
    assertThat(new StreamsConfig(p).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
  }

  @Test
  void thePartitionAssignorsCopyOfTheSettingsEnablesTheGlobalProcessingHandlerToo() {
    StreamsConfig streams = new StreamsConfig(PostprocessConfig.defaults("kafka:9092").streamsProperties());

    // The assignor reads a StreamsConfig made from the main consumer's settings; one without the
    // key logs a warning at every start.
    StreamsConfig assignors = new StreamsConfig(streams.getMainConsumerConfigs("group", "client", 0));

    assertThat(assignors.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
  }
}
