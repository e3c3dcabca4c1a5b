package org.segstream.postprocess.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.postprocess.TestMasks;
import org.segstream.postprocess.TopologyFixture;
import org.segstream.postprocess.query.StatsQueries;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;

/** The service over an in-process channel, answering from the real topology's stores (TopologyTestDriver). */
abstract class ServiceOnTopology {
  static final List<Duration> SIZES = List.of(Duration.ofSeconds(10), Duration.ofSeconds(60));
  /** "Now" for requests with to_us = 0: a minute after the test frames. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.EPOCH.plusNanos(TestMasks.at(60) * 1000), ZoneOffset.UTC);

  @TempDir Path stateDir;
  TopologyFixture topology;
  private StatsServer server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    topology = new TopologyFixture(stateDir, SIZES, Duration.ofSeconds(5));
    String name = InProcessServerBuilder.generateName();
    server = new StatsServer(InProcessServerBuilder.forName(name).directExecutor(),
        new SceneStatsGrpcService(new StatsQueries(topology.stores(), SIZES), topology.updates(), CLOCK)).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ofSeconds(5));
    topology.close();
  }

  SceneStatsServiceBlockingStub stub() {
    return SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  static void assertStatus(Runnable call, Status.Code code, String description) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
  }
}
