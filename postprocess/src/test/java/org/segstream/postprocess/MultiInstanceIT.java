package org.segstream.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.GetFleetStatsRequest;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.GetWindowStatsRequest;
import org.segstream.proto.v1.GetWindowStatsResponse;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;

/**
 * Two postprocessors of one application on a real broker: each holds half the partitions, yet
 * either answers for every camera (forwarding to the owner), and when one stops the other takes
 * its cameras over.
 */
class MultiInstanceIT extends OnBroker {
  private static final int PARTITIONS = 4;
  private static final int FRAMES = 10;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void eitherInstanceAnswersForEveryCameraAndTheSurvivorTakesOver(@TempDir Path stateA, @TempDir Path stateB)
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String masks = "masks-" + id;
    kafka.createTopics(PARTITIONS, masks, "stats-" + id, "dlq-" + id, "cameras-" + id);
    List<String> cameras = camerasOnDistinctPartitions(PARTITIONS);
    long windowStartUs = (System.currentTimeMillis() - 60_000) / 10_000 * 10_000 * 1000;
    produce(masks, cameras, windowStartUs);

    Postprocessor a = Postprocessor.start(config(id, stateA));
    try (Postprocessor b = Postprocessor.start(config(id, stateB))) {
      ManagedChannel toA = channel(a);
      ManagedChannel toB = channel(b);
      try {
        for (String camera : cameras) {
          LatestFrame fromA = awaitLatest(toA, camera);
          assertThat(awaitLatest(toB, camera)).isEqualTo(fromA);
          assertThat(fromA.getSequence()).isEqualTo(FRAMES);
          assertThat(windows(toB, camera)).isEqualTo(windows(toA, camera));
        }
        assertThat(stub(toA).listCameras(ListCamerasRequest.getDefaultInstance()).getCamerasList())
            .extracting(CameraInfo::getCameraId, CameraInfo::getLastSequence)
            .containsExactlyInAnyOrderElementsOf(cameras.stream()
                .map(c -> org.assertj.core.api.Assertions.tuple(c, (long) FRAMES)).toList());
        assertThat(stub(toB).listCameras(ListCamerasRequest.getDefaultInstance()))
            .isEqualTo(stub(toA).listCameras(ListCamerasRequest.getDefaultInstance()));

        for (ManagedChannel channel : List.of(toA, toB)) {
          assertThat(stub(channel).getFleetStats(GetFleetStatsRequest.getDefaultInstance()).getWindowsList())
              .as("fleet windows merged across both instances")
              .singleElement().satisfies(w -> assertThat(w.getFramesCounted()).isEqualTo(2L * FRAMES));
        }

        a.close();
        // After the rebalance b holds every partition and restores a's state from the changelogs.
        for (String camera : cameras) {
          assertThat(awaitLatest(toB, camera).getSequence()).isEqualTo(FRAMES);
        }
      } finally {
        toA.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        toB.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        a.close();
      }
    }
  }

  private static PostprocessConfig config(String id, Path stateDir) throws IOException {
    int port = freePort();
    return new PostprocessConfig(kafka.bootstrapServers(), "postprocess-multi-" + id, "masks-" + id, "stats-" + id,
        "dlq-" + id, "cameras-" + id, List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5), Duration.ofHours(1),
        stateDir, "127.0.0.1", port, Duration.ofMillis(100), 0, 8, "127.0.0.1:" + port, GrpcSecurity.NONE);
  }

  /** The advertised address must be known before Kafka Streams starts, so the port is chosen here. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Camera ids whose keys hash to different partitions, one per partition up to two. */
  private static List<String> camerasOnDistinctPartitions(int partitions) {
    List<String> cameras = new ArrayList<>();
    List<Integer> used = new ArrayList<>();
    for (int i = 0; cameras.size() < 2; i++) {
      String camera = "cam-" + i;
      int partition = Utils.toPositive(Utils.murmur2(camera.getBytes(StandardCharsets.UTF_8))) % partitions;
      if (!used.contains(partition)) {
        used.add(partition);
        cameras.add(camera);
      }
    }
    return cameras;
  }

  private static void produce(String topic, List<String> cameras, long windowStartUs) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (String camera : cameras) {
        for (int seq = 1; seq <= FRAMES; seq++) {
          long captureUs = windowStartUs + 1_000_000 + seq * 50_000L;
          byte[] mask = TestMasks.rle(camera, seq, captureUs, TestMasks.twoClassMap(16, 8, 32, 0, 10), 16, 8)
              .toByteArray();
          producer.send(new ProducerRecord<>(topic, camera, mask));
        }
      }
      producer.flush();
    }
  }

  /** Polls until the camera's last frame is counted: starting, rebalancing and restoring take a while. */
  private static LatestFrame awaitLatest(ManagedChannel channel, String camera) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    StatusRuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        LatestFrame latest = stub(channel).getLatest(GetLatestRequest.newBuilder().setCameraId(camera).build());
        if (latest.getSequence() == FRAMES) {
          return latest;
        }
      } catch (StatusRuntimeException e) {
        // NOT_FOUND before the frames land, UNAVAILABLE while partitions move.
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("camera " + camera + " not served within " + WAIT, last);
  }

  private static GetWindowStatsResponse windows(ManagedChannel channel, String camera) {
    return stub(channel).getWindowStats(GetWindowStatsRequest.newBuilder().setCameraId(camera).build());
  }

  private static ManagedChannel channel(Postprocessor postprocessor) {
    return NettyChannelBuilder.forAddress("127.0.0.1", postprocessor.grpcPort()).usePlaintext().build();
  }

  private static SceneStatsServiceBlockingStub stub(ManagedChannel channel) {
    return SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }
}
