package org.segstream.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.GetFleetStatsRequest;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.GetWindowStatsRequest;
import org.segstream.proto.v1.GetWindowStatsResponse;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.WatchStatsRequest;
import org.segstream.proto.v1.WatchStatsResponse;

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
        assertThat(retrying(() -> stub(toA).listCameras(ListCamerasRequest.getDefaultInstance())).getCamerasList())
            .extracting(CameraInfo::getCameraId, CameraInfo::getLastSequence)
            .containsExactlyInAnyOrderElementsOf(cameras.stream()
                .map(c -> org.assertj.core.api.Assertions.tuple(c, (long) FRAMES)).toList());
        assertThat(retrying(() -> stub(toB).listCameras(ListCamerasRequest.getDefaultInstance())))
            .isEqualTo(retrying(() -> stub(toA).listCameras(ListCamerasRequest.getDefaultInstance())));

        for (ManagedChannel channel : List.of(toA, toB)) {
          assertThat(retrying(() -> stub(channel).getFleetStats(GetFleetStatsRequest.getDefaultInstance())).getWindowsList())
              .as("fleet windows merged across both instances")
              .singleElement().satisfies(w -> assertThat(w.getFramesCounted()).isEqualTo(2L * FRAMES));
        }

        // A watch on either instance sees every camera's new frames, wherever the camera is held.
        Iterator<WatchStatsResponse> watchA = watch(toA, cameras);
        Iterator<WatchStatsResponse> watchB = watch(toB, cameras);
        // The relays subscribe when the calls arrive: give them a moment before the new frames.
        Thread.sleep(1000);
        produce(masks, cameras, windowStartUs, FRAMES + 1, FRAMES + 1);
        assertThat(newestFramesSeen(watchA, cameras)).as("cameras updated on the watch of instance a")
            .containsExactlyInAnyOrderElementsOf(cameras);
        assertThat(newestFramesSeen(watchB, cameras)).as("cameras updated on the watch of instance b")
            .containsExactlyInAnyOrderElementsOf(cameras);

        a.close();
        // After the rebalance b holds every partition and restores a's state from the changelogs.
        for (String camera : cameras) {
          assertThat(awaitLatest(toB, camera, FRAMES + 1).getSequence()).isEqualTo(FRAMES + 1);
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

  private static Iterator<WatchStatsResponse> watch(ManagedChannel channel, List<String> cameras) {
    return SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .watchStats(WatchStatsRequest.newBuilder().addAllCameraIds(cameras).build());
  }

  /** Reads a watch until each camera's frame FRAMES + 1 has come; the cameras seen with it. */
  private static Set<String> newestFramesSeen(Iterator<WatchStatsResponse> watch, List<String> cameras) {
    Set<String> seen = new HashSet<>();
    while (seen.size() < cameras.size() && watch.hasNext()) {
      WatchStatsResponse update = watch.next();
      if (update.hasLatest() && update.getLatest().getSequence() == FRAMES + 1) {
        seen.add(update.getLatest().getCameraId());
      }
    }
    return seen;
  }

  private static void produce(String topic, List<String> cameras, long windowStartUs) {
    produce(topic, cameras, windowStartUs, 1, FRAMES);
  }

  /** Frames {@code first..last} of each camera, 50 ms apart, in the window starting at windowStartUs. */
  private static void produce(String topic, List<String> cameras, long windowStartUs, int first, int last) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (String camera : cameras) {
        for (int seq = first; seq <= last; seq++) {
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
    return awaitLatest(channel, camera, FRAMES);
  }

  private static LatestFrame awaitLatest(ManagedChannel channel, String camera, long sequence)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    StatusRuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        LatestFrame latest = stub(channel).getLatest(GetLatestRequest.newBuilder().setCameraId(camera).build());
        if (latest.getSequence() == sequence) {
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

  private static GetWindowStatsResponse windows(ManagedChannel channel, String camera) throws InterruptedException {
    return retrying(() -> stub(channel).getWindowStats(GetWindowStatsRequest.newBuilder().setCameraId(camera).build()));
  }

  /**
   * A store query, retried while it is UNAVAILABLE as a client is told to: GetLatest answers a
   * camera counted on an instance from memory, before a rebalance has made its stores queryable.
   */
  private static <T> T retrying(Supplier<T> query) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        return query.get();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }

  private static ManagedChannel channel(Postprocessor postprocessor) {
    return NettyChannelBuilder.forAddress("127.0.0.1", postprocessor.grpcPort()).usePlaintext().build();
  }

  private static SceneStatsServiceBlockingStub stub(ManagedChannel channel) {
    return SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }
}
