package org.segstream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.client.stats.StatsClient;
import org.segstream.ingest.demo.DemoClip;
import org.segstream.ingest.demo.DemoClips;
import org.segstream.kafka.TopicReader;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.SceneStats;

/**
 * The whole pipeline on the embedded broker: a clip recorded here → ingest → worker (the bundled
 * TorchScript model through DJL) → Kafka Streams → gRPC, with every frame accounted for.
 */
class PipelineIT {
  static final Path MODEL = Path.of("../models/demo/segformer-demo");

  @Test
  void everyFrameOfAClipIsMaskedOnceAndCountedInTheStatsWhileGarbageIsDeadLettered(@TempDir Path dir)
      throws Exception {
    DemoClip clip = DemoClips.writePinhole(dir.resolve("clip.mp4"), 2, 6);
    int frames = clip.frames();
    assertThat(frames).isEqualTo(12);
    var camera = clip.cameraSpec("cam-it");
    var settings = new DemoPipeline.Settings(List.of(camera), MODEL, 0, "127.0.0.1", 0, 2, 4);

    try (DemoPipeline pipeline = DemoPipeline.start(settings)) {
      sendGarbage(pipeline.kafka().bootstrapServers());
      assertThat(pipeline.awaitSettled(Duration.ofSeconds(120))).isTrue();

      assertThat(pipeline.framesIngested()).isEqualTo(frames);
      List<Mask> masks = readMasks(pipeline.kafka().bootstrapServers(), frames);
      assertThat(masks).hasSize(frames);
      assertThat(masks.stream().map(Mask::getSequence).distinct().count()).isEqualTo(frames);
      assertThat(masks).allSatisfy(m -> assertThat(m.getCameraId()).isEqualTo("cam-it"));
      assertThat(pipeline.worker().stats().deadLettered()).isEqualTo(2);
      assertThat(readDeadLetterReasons(pipeline.kafka().bootstrapServers(), 2))
          .hasSize(2)
          .anySatisfy(r -> assertThat(r).contains("not a Frame"));

      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", pipeline.postprocessor().grpcPort())
          .usePlaintext().build();
      try {
        StatsClient client = new StatsClient(channel, Duration.ofSeconds(5));
        assertThat(countedFrames(client, "cam-it", frames)).isEqualTo(frames);
        assertThat(client.latest("cam-it").getSequence()).isEqualTo(frames - 1);
        assertThat(client.cameras()).extracting(c -> c.getCameraId()).containsExactly("cam-it");
        String target = "127.0.0.1:" + pipeline.postprocessor().grpcPort();
        assertThat(statsCli("window", "--target", target, "--camera", "cam-it", "--json")).contains("\"cameraId\": \"cam-it\"").contains("\"framesCounted\"");
        assertThat(statsCli("latest", "--target", target, "--camera", "nobody")).contains("NOT_FOUND");
        assertThat(statsCli("window", "--target", target, "--camera", "cam-it", "--since", "1h"))
            .contains("camera cam-it");
        assertThat(statsCli("window", "--target", target, "--camera", "cam-it", "--from", "2099-01-01T00:00:00Z"))
            .contains("no windows of this size in this time range");
        assertThat(statsCli("fleet", "--target", target, "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z"))
            .contains("INVALID_ARGUMENT: from_us").contains("is after to_us");
        assertThat(client.fleet(0, 0, 0).stream().mapToLong(w -> w.getFramesCounted()).sum()).isEqualTo(frames);
        assertThat(statsCli("fleet", "--target", target)).contains("fleet (all cameras)");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs {@code segstream stats …} as a user would and returns what it printed. */
  private static String statsCli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = org.segstream.cli.Main.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(out, true));
    String[] all = new String[args.length + 1];
    all[0] = "stats";
    System.arraycopy(args, 0, all, 1, args.length);
    cli.execute(all);
    return out.toString();
  }

  private static void sendGarbage(String bootstrap) {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.FRAMES, "cam-it", "garbage".getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(Topics.FRAMES, "cam-it", new byte[] {(byte) 0xff, 0x01}));
    }
  }

  /** Frames the stats count for a camera, waiting out Kafka Streams' commit interval. */
  private static long countedFrames(StatsClient client, String camera, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long counted = 0;
    while (System.nanoTime() < deadline) {
      try {
        counted = client.windows(camera, 0, 0, 0).stream().mapToLong(SceneStats::getFramesCounted).sum();
      } catch (io.grpc.StatusRuntimeException e) {
        counted = 0;
      }
      if (counted >= expected) {
        return counted;
      }
      Thread.sleep(100);
    }
    return counted;
  }

  private static List<Mask> readMasks(String bootstrap, int expected) throws Exception {
    List<Mask> masks = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : read(bootstrap, Topics.MASKS, expected)) {
      masks.add(Mask.parseFrom(r.value()));
    }
    return masks;
  }

  private static List<String> readDeadLetterReasons(String bootstrap, int expected) {
    return read(bootstrap, Topics.FRAMES_DLQ, expected).stream()
        .map(r -> new String(r.headers().lastHeader(Topics.HEADER_DLQ_REASON).value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int expected) {
    return TopicReader.readCommitted(bootstrap, topic, expected, Duration.ofSeconds(60));
  }
}
