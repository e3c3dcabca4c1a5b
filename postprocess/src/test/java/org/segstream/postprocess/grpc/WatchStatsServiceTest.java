package org.segstream.postprocess.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.postprocess.TestMasks.at;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.TestMasks;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.WatchStatsRequest;
import org.segstream.proto.v1.WatchStatsResponse;

/** WatchStats: updates of the watched cameras as they are counted, until the caller cancels. */
class WatchStatsServiceTest extends ServiceOnTopology {
  @Test
  void watchStatsStreamsTheWatchedCamerasNewWindowsAndFramesUntilCancelled() throws Exception {
    BlockingQueue<WatchStatsResponse> received = new LinkedBlockingQueue<>();
    AtomicReference<ClientCallStreamObserver<WatchStatsRequest>> call = new AtomicReference<>();
    SceneStatsServiceGrpc.newStub(channel).watchStats(WatchStatsRequest.newBuilder().addCameraIds("cam-1").build(),
        new ClientResponseObserver<WatchStatsRequest, WatchStatsResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<WatchStatsRequest> requestStream) {
            call.set(requestStream);
          }

          @Override
          public void onNext(WatchStatsResponse update) {
            received.add(update);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    awaitWatchers(1);

    topology.pipe(TestMasks.counted("cam-2", 1, at(1), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 7, at(2), 0, 100));

    // Per window size one window update, and the newest frame (the driver flushes each record).
    List<WatchStatsResponse> updates = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      updates.add(received.poll(5, TimeUnit.SECONDS));
    }
    assertThat(updates).doesNotContainNull()
        .allSatisfy(u -> assertThat(u.hasWindow() ? u.getWindow().getCameraId() : u.getLatest().getCameraId())
            .isEqualTo("cam-1"));
    assertThat(updates).filteredOn(WatchStatsResponse::hasWindow).extracting(u -> u.getWindow().getWindowEndUs())
        .containsExactlyInAnyOrder(at(10), at(60));
    assertThat(updates).filteredOn(WatchStatsResponse::hasLatest).extracting(u -> u.getLatest().getSequence())
        .containsExactly(7L);
    assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();

    call.get().cancel("done", null);
    awaitWatchers(0);
  }

  @Test
  void watchStatsWithAnEmptyCameraIdIsInvalid() {
    assertStatus(() -> stub().watchStats(WatchStatsRequest.newBuilder().addCameraIds(" ").build()).hasNext(),
        Status.Code.INVALID_ARGUMENT, "camera_ids has an empty entry");
  }

  private void awaitWatchers(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (topology.updates().watchers() != count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(topology.updates().watchers()).isEqualTo(count);
  }
}
