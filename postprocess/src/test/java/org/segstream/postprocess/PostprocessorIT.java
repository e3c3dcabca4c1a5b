package org.segstream.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.kafka.OnBroker;
import org.segstream.kafka.TopicReader;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.CameraState;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.GetWindowStatsRequest;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.Projection;
import org.segstream.proto.v1.SceneStats;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;
import org.segstream.proto.v1.SceneStatsServiceGrpc;

/** The whole postprocessor on a real broker, asked over a real gRPC channel. */
class PostprocessorIT extends OnBroker {
  private static final int FRAMES = 20;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void masksOnKafkaAreCountedAndServedOverGrpcWhileGarbageIsDeadLettered(@TempDir Path stateDir) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String masks = "masks-" + id;
    String dlq = "masks-dlq-" + id;
    String cameras = "cameras-" + id;
    kafka.createTopics(2, masks, "stats-" + id, dlq, cameras);
    PostprocessConfig config = new PostprocessConfig(kafka.bootstrapServers(), "postprocess-it-" + id, masks,
        "stats-" + id, dlq, cameras, List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5), Duration.ofHours(1), stateDir,
        "127.0.0.1", 0, Duration.ofMillis(100), 0, 8, "", GrpcSecurity.NONE);

    try (Postprocessor postprocessor = Postprocessor.start(config)) {
      assertThat(postprocessor.awaitRunning(WAIT)).as("Kafka Streams RUNNING").isTrue();
      // A second into a 10 s window a minute ago, so all frames share one window that "now" covers.
      long windowStartUs = (System.currentTimeMillis() - 60_000) / 10_000 * 10_000 * 1000;
      produce(masks, windowStartUs);
      CameraStatus reconnecting = CameraStatus.newBuilder().setCameraId("pano-it").setState(CameraState.RECONNECTING)
          .setProjection(Projection.EQUIRECTANGULAR).setLastError("connection refused").build();
      report(cameras, reconnecting);

      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", postprocessor.grpcPort()).usePlaintext().build();
      try {
        List<SceneStats> windows = awaitFramesCounted(channel, "cam-it");
        assertThat(windows).extracting(SceneStats::getWindowStartUs).containsExactly(windowStartUs);
        assertThat(windows.get(0).getClasses(0).getMeanAreaFraction()).isEqualTo(0.25);
        assertThat(stub(channel).getLatest(GetLatestRequest.newBuilder().setCameraId("cam-it").build()).getSequence())
            .isEqualTo(FRAMES);
        assertThat(awaitCameras(channel, 2))
            .extracting(CameraInfo::getCameraId, CameraInfo::getLastSequence, CameraInfo::getStatus)
            .containsExactly(org.assertj.core.api.Assertions.tuple("cam-it", (long) FRAMES, CameraStatus.getDefaultInstance()),
                org.assertj.core.api.Assertions.tuple("pano-it", 0L, reconnecting));
        assertThat(postprocessor.scrape())
            .contains("kafka_stream_")
            .containsPattern("grpc_server_processing_duration_seconds_count\\{[^}]*method=\"ListCameras\"");
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(deadLetterReasons(dlq)).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("not a Mask protobuf"));
      // Every mask was checked and timed, the dead-lettered ones as well.
      assertThat(postprocessor.scrape())
          .containsPattern("segstream_postprocess_mask_check_seconds_count(\\{[^}]*})? " + (FRAMES + 2) + "(\\.0)?\n");
    }
  }

  @Test
  void aWindowLongerThanTheBrokersFutureTimestampLimitIsPublishedStampedNoLaterThanItsFrames(@TempDir Path stateDir)
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String masks = "masks-" + id;
    String stats = "stats-" + id;
    kafka.createTopics(1, masks, stats, "dlq-" + id, "cameras-" + id);
    // A week's window ends days ahead of its frames; a broker refuses records stamped more than an
    // hour ahead of its clock (log.message.timestamp.after.max.ms), so one stamped with the window's
    // end would fail the stream thread's transaction and never reach the topic.
    Duration week = Duration.ofDays(7);
    PostprocessConfig config = new PostprocessConfig(kafka.bootstrapServers(), "postprocess-it-" + id, masks, stats,
        "dlq-" + id, "cameras-" + id, List.of(week), Duration.ofSeconds(5), week.plusHours(1), stateDir, "127.0.0.1", 0,
        Duration.ofMillis(100), 0, 8, "", GrpcSecurity.NONE);

    try (Postprocessor postprocessor = Postprocessor.start(config)) {
      assertThat(postprocessor.awaitRunning(WAIT)).as("Kafka Streams RUNNING").isTrue();
      long captureUs = System.currentTimeMillis() * 1000;
      Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(masks, "cam-week",
            TestMasks.rle("cam-week", 1, captureUs, TestMasks.twoClassMap(16, 8, 32, 0, 10), 16, 8).toByteArray())).get();
      }

      ConsumerRecord<String, byte[]> published = TopicReader.readCommitted(kafka.bootstrapServers(), stats, 1, WAIT).get(0);
      SceneStats window = SceneStats.parseFrom(published.value());
      assertThat(window.getWindowEndUs() - window.getWindowStartUs()).isEqualTo(week.toMillis() * 1000);
      assertThat(window.getFramesCounted()).isEqualTo(1);
      assertThat(published.timestamp()).isBetween(window.getWindowStartUs() / 1000, captureUs / 1000);
      assertThat(postprocessor.failed()).isFalse();
    }
  }

  @Test
  void aMissingMasksTopicStopsThePostprocessorInsteadOfRetryingForever(@TempDir Path stateDir) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopics(1, "cameras-" + id);
    PostprocessConfig config = new PostprocessConfig(kafka.bootstrapServers(), "postprocess-it-" + id,
        "no-such-masks-" + id, "stats-" + id, "dlq-" + id, "cameras-" + id, List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5),
        Duration.ofHours(1), stateDir, "127.0.0.1", 0, Duration.ofMillis(100), 0, 8, "", GrpcSecurity.NONE);

    try (Postprocessor postprocessor = Postprocessor.start(config)) {
      assertThat(postprocessor.awaitRunning(WAIT)).isFalse();
      assertThat(postprocessor.failed()).isTrue();
    }
  }

  @Test
  void aMissingCamerasTopicIsRefusedAtStartNamingTheTopic(@TempDir Path stateDir) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopics(1, "masks-" + id);
    PostprocessConfig config = new PostprocessConfig(kafka.bootstrapServers(), "postprocess-it-" + id,
        "masks-" + id, "stats-" + id, "dlq-" + id, "no-such-cameras-" + id, List.of(Duration.ofSeconds(10)),
        Duration.ofSeconds(5), Duration.ofHours(1), stateDir, "127.0.0.1", 0, Duration.ofMillis(100), 0, 8, "", GrpcSecurity.NONE);

    assertThatThrownBy(() -> Postprocessor.start(config).close())
        .hasMessageContaining("no-such-cameras-" + id);
  }

  private static void produce(String topic, long windowStartUs) throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int seq = 1; seq <= FRAMES; seq++) {
        long captureUs = windowStartUs + 1_000_000 + seq * 50_000L;
        byte[] mask = TestMasks.rle("cam-it", seq, captureUs, TestMasks.twoClassMap(16, 8, 32, 0, 10), 16, 8)
            .toByteArray();
        producer.send(new ProducerRecord<>(topic, "cam-it", mask));
        if (seq == FRAMES / 2 || seq == FRAMES) {
          producer.send(new ProducerRecord<>(topic, "cam-it", "not a mask".getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
  }

  private static void report(String topic, CameraStatus status) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, status.getCameraId(), status.toByteArray()));
    }
  }

  /** Polls until the global camera store has caught up with the reports. */
  private static List<CameraInfo> awaitCameras(ManagedChannel channel, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<CameraInfo> cameras = List.of();
    while (System.nanoTime() < deadline) {
      cameras = stub(channel).listCameras(ListCamerasRequest.getDefaultInstance()).getCamerasList();
      if (cameras.size() >= count) {
        return cameras;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cameras not listed within " + WAIT + "; last: " + cameras);
  }

  /** Polls until the frames are counted: processing and the commit are asynchronous. */
  private static List<SceneStats> awaitFramesCounted(ManagedChannel channel, String camera) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<SceneStats> windows = List.of();
    while (System.nanoTime() < deadline) {
      try {
        windows = stub(channel).getWindowStats(GetWindowStatsRequest.newBuilder().setCameraId(camera).build())
            .getWindowsList();
        if (windows.stream().mapToLong(SceneStats::getFramesCounted).sum() >= FRAMES) {
          return windows;
        }
      } catch (StatusRuntimeException e) {
        // NOT_FOUND until the first frame lands, UNAVAILABLE during a rebalance: both mean "not yet".
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND && e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("frames not counted within " + WAIT + "; last windows: " + windows);
  }

  private static List<String> deadLetterReasons(String topic) {
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TopicReader.readCommitted(kafka.bootstrapServers(), topic, 2, WAIT)) {
      assertThat(r.headers().lastHeader(Topics.HEADER_DLQ_TOPIC).value()).asString().isEqualTo(
          topic.replace("masks-dlq-", "masks-"));
      reasons.add(new String(r.headers().lastHeader(Topics.HEADER_DLQ_REASON).value(), StandardCharsets.UTF_8));
    }
    return reasons;
  }

  private static SceneStatsServiceBlockingStub stub(ManagedChannel channel) {
    return SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }
}
