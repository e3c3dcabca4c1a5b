package org.segstream.postprocess.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.postprocess.grpc.ServiceOnTopology.assertStatus;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.TopologyFixture;
import org.segstream.postprocess.query.StatsQueries;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.SceneStatsServiceGrpc;

/** The server around the service: health, reflection, and the service over not-yet-running streams. */
class StatsServerTest {
  private static final List<Duration> SIZES = List.of(Duration.ofSeconds(10));

  @TempDir Path stateDir;
  private KafkaStreams notStarted;
  private final StatsUpdates updates = new StatsUpdates();
  private StatsServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    PostprocessConfig config = TopologyFixture.config(stateDir, SIZES, Duration.ofSeconds(5));
    // A KafkaStreams never started answers every store lookup as a rebalance would.
    notStarted = new KafkaStreams(StatsTopology.build(config), config.streamsProperties());
    String name = InProcessServerBuilder.generateName();
    server = new StatsServer(InProcessServerBuilder.forName(name).directExecutor(),
        new SceneStatsGrpcService(new StatsQueries(notStarted, SIZES), updates)).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(5));
    notStarted.close(Duration.ofSeconds(5));
  }

  @Test
  void queriesWhileStoresAreNotQueryableAreUnavailableWithARetryHint() {
    assertStatus(() -> SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
            .listCameras(ListCamerasRequest.getDefaultInstance()),
        Status.Code.UNAVAILABLE, "state stores are rebalancing; retry in a few seconds");
  }

  @Test
  void getLatestOfACameraCountedHereIsAnsweredFromMemoryAndAnyOtherFromTheStores() {
    LatestFrame counted = LatestFrame.newBuilder().setCameraId("cam-1").setSequence(7).build();
    updates.latestFrames().put("cam-1", counted);
    SceneStatsServiceGrpc.SceneStatsServiceBlockingStub stub =
        SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

    assertThat(stub.getLatest(GetLatestRequest.newBuilder().setCameraId("cam-1").build())).isEqualTo(counted);
    assertStatus(() -> stub.getLatest(GetLatestRequest.newBuilder().setCameraId("cam-2").build()),
        Status.Code.UNAVAILABLE, "state stores are rebalancing; retry in a few seconds");
  }

  @Test
  void healthIsNotServingUntilToldOtherwise() {
    assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);

    server.setServing(true);

    assertThat(health("")).isEqualTo(ServingStatus.SERVING);
    assertThat(health(SceneStatsServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void reflectionV1ListsTheSceneStatsService() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            answer.complete(response);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();

    assertThat(answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains(SceneStatsServiceGrpc.SERVICE_NAME, "grpc.health.v1.Health");
  }

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }
}
