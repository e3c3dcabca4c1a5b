package org.segstream.postprocess.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.segstream.postprocess.model.StatsProtos;
import org.apache.kafka.streams.state.HostInfo;
import org.segstream.postprocess.GrpcSecurity;
import org.segstream.postprocess.grpc.RequestArguments.TimeRange;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.postprocess.query.Placement;
import org.segstream.postprocess.query.StatsQueries;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.postprocess.query.StoresUnavailableException;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.GetFleetStatsRequest;
import org.segstream.proto.v1.GetFleetStatsResponse;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.GetWindowStatsRequest;
import org.segstream.proto.v1.GetWindowStatsResponse;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.ListCamerasResponse;
import org.segstream.proto.v1.SceneStats;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.WatchStatsRequest;
import org.segstream.proto.v1.WatchStatsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code SceneStatsService} of the wire contract, answered from this instance's state stores
 * through {@link StatsQueries}. Failures become a {@link Status} with a one-line description:
 * INVALID_ARGUMENT for bad requests, NOT_FOUND for unknown cameras, UNAVAILABLE while the stores
 * rebalance (retry), INTERNAL for anything else (details in the log, never on the wire).
 *
 * <p>No handler blocks the thread that calls it, so a server may call them on its transport
 * threads ({@code directExecutor}): GetLatest of a camera counted here answers from memory at
 * once, WatchStats only subscribes, and every other query (store reads, which can wait on a
 * commit's flush, and calls to other instances) runs on this service's own pool.
 */
public final class SceneStatsGrpcService extends SceneStatsServiceGrpc.SceneStatsServiceImplBase
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SceneStatsGrpcService.class);

  private final StatsQueries queries;
  private final StatsUpdates updates;
  private final Clock clock;
  private final Forwarder forwarder;
  // Sends queued updates to WatchStats callers; idle threads end by themselves.
  private final ExecutorService watchExecutor = daemonPool("segstream-watch");
  // Runs the queries that read stores or call other instances, off the transport threads.
  private final ExecutorService queryExecutor = daemonPool("segstream-query");

  /** Answers from {@code queries}; WatchStats streams what the topology hands {@code updates}. */
  public SceneStatsGrpcService(StatsQueries queries, StatsUpdates updates) {
    this(queries, updates, Clock.systemUTC(), GrpcSecurity.NONE);
  }

  /** Calling other instances as securely as {@code security} says this one is reached. */
  public SceneStatsGrpcService(StatsQueries queries, StatsUpdates updates, GrpcSecurity security) {
    this(queries, updates, Clock.systemUTC(), security);
  }

  /** With a clock for "now", the upper bound of a time range given as 0. */
  public SceneStatsGrpcService(StatsQueries queries, StatsUpdates updates, Clock clock) {
    this(queries, updates, clock, GrpcSecurity.NONE);
  }

  private SceneStatsGrpcService(StatsQueries queries, StatsUpdates updates, Clock clock, GrpcSecurity security) {
    this.forwarder = new Forwarder(security);
    this.queries = queries;
    this.updates = updates;
    this.clock = clock;
  }

  @Override
  public void listCameras(ListCamerasRequest request, StreamObserver<ListCamerasResponse> response) {
    respond(response, () -> {
      Map<String, CameraInfo> cameras = new TreeMap<>();
      queries.listCameras().forEach(c -> cameras.put(c.cameraId(), StatsProtos.toProto(c)));
      // Each instance knows the frames of its own cameras; camera health is everywhere.
      for (HostInfo other : instancesToAsk()) {
        forwarder.call(other, stub -> stub.listCameras(request)).getCamerasList()
            .forEach(c -> cameras.merge(c.getCameraId(), c, SceneStatsGrpcService::newer));
      }
      return ListCamerasResponse.newBuilder().addAllCameras(cameras.values()).build();
    });
  }

  @Override
  public void getLatest(GetLatestRequest request, StreamObserver<LatestFrame> response) {
    LatestFrame counted = updates.latestFrames().get(request.getCameraId());
    if (counted != null) {
      response.onNext(counted);
      response.onCompleted();
      return;
    }
    // Not counted here now: another instance's camera, one whose task is restoring, or unknown.
    respond(response, () -> {
      String camera = RequestArguments.camera(request.getCameraId());
      HostInfo owner = remoteOwner(camera);
      if (owner != null) {
        return forwarder.call(owner, stub -> stub.getLatest(request));
      }
      return queries.latest(camera).orElseThrow(() -> unknownCamera(camera));
    });
  }

  @Override
  public void getWindowStats(GetWindowStatsRequest request, StreamObserver<GetWindowStatsResponse> response) {
    respond(response, () -> {
      String camera = RequestArguments.camera(request.getCameraId());
      HostInfo owner = remoteOwner(camera);
      if (owner != null) {
        return forwarder.call(owner, stub -> stub.getWindowStats(request));
      }
      Duration size = RequestArguments.windowSize(request.getWindowSeconds(), queries.windowSizes());
      TimeRange range = RequestArguments.timeRange(request.getFromUs(), request.getToUs(), clock);
      // Unknown (no frame ever counted) differs from known with no windows in range.
      if (queries.latest(camera).isEmpty()) {
        throw unknownCamera(camera);
      }
      WindowPage page = WindowPage.of(request.getPageSize(), request.getPageToken(), size, range.from(), range.to());
      List<WindowStats> windows = queries.windows(camera, size, page.from(), range.to(), page.size() + 1);
      GetWindowStatsResponse.Builder out = GetWindowStatsResponse.newBuilder().addAllWindows(
          windows.stream().limit(page.size()).map(StatsProtos::toProto).toList());
      if (windows.size() > page.size()) {
        out.setNextPageToken(WindowPage.token(windows.get(page.size()).windowStartUs()));
      }
      return out.build();
    });
  }

  @Override
  public void getFleetStats(GetFleetStatsRequest request, StreamObserver<GetFleetStatsResponse> response) {
    respond(response, () -> {
      Duration size = RequestArguments.windowSize(request.getWindowSeconds(), queries.windowSizes());
      TimeRange range = RequestArguments.timeRange(request.getFromUs(), request.getToUs(), clock);
      List<SceneStats> windows = queries.fleetWindows(size, range.from(), range.to()).stream()
          .map(StatsProtos::toProto).toList();
      // Each instance merges the cameras it holds; the fleet is all of them.
      for (HostInfo other : instancesToAsk()) {
        windows = FleetWindows.merge(windows, forwarder.call(other, stub -> stub.getFleetStats(request)).getWindowsList());
      }
      return GetFleetStatsResponse.newBuilder().addAllWindows(windows).build();
    });
  }

  @Override
  public void watchStats(WatchStatsRequest request, StreamObserver<WatchStatsResponse> response) {
    for (String camera : request.getCameraIdsList()) {
      if (camera.isBlank()) {
        response.onError(Status.INVALID_ARGUMENT.withDescription("camera_ids has an empty entry").asRuntimeException());
        return;
      }
    }
    ServerCallStreamObserver<WatchStatsResponse> call = (ServerCallStreamObserver<WatchStatsResponse>) response;
    Watch watch = new Watch(request.getCameraIdsList(), call, watchExecutor);
    call.setOnCancelHandler(() -> {
      updates.unsubscribe(watch);
      watch.close();
    });
    updates.subscribe(watch);
    relayOtherInstances(request, watch);
  }

  /**
   * Cameras held by other instances update there: their updates are relayed into this watch from
   * a forwarded WatchStats call on each (which answers from its own updates only). A camera that
   * moves between instances keeps updating, from whichever holds it; an instance that goes ends
   * its relay, and its cameras move to the instances still relayed (or to this one).
   */
  private void relayOtherInstances(WatchStatsRequest request, Watch watch) {
    for (HostInfo other : instancesToAsk()) {
      forwarder.watch(other, request, new StreamObserver<>() {
        @Override
        public void onNext(WatchStatsResponse update) {
          watch.offer(update);
        }

        @Override
        public void onError(Throwable t) {
          LOG.debug("relay of WatchStats from {} ended: {}", other, t.toString());
        }

        @Override
        public void onCompleted() {
          // The other instance ended the call (shutting down).
        }
      });
    }
  }

  /** The other instances a fleet-wide call asks too; none for a call forwarded from one of them. */
  private List<HostInfo> instancesToAsk() {
    return ForwardedInterceptor.forwarded() ? List.of() : queries.otherInstances();
  }

  /** The instance to forward a camera's query to, or null to answer here (also for a forwarded call). */
  private HostInfo remoteOwner(String camera) {
    if (ForwardedInterceptor.forwarded()) {
      return null;
    }
    Placement placement = queries.placement(camera);
    return placement.isLocal() ? null : placement.owner();
  }

  /** Of two instances' views of a camera, the one with the newer frame. */
  private static CameraInfo newer(CameraInfo a, CameraInfo b) {
    return b.getLastCaptureTimeUs() > a.getLastCaptureTimeUs() ? b : a;
  }

  /** Closes the channels to other instances. */
  @Override
  public void close() {
    forwarder.close();
    watchExecutor.shutdownNow();
    queryExecutor.shutdownNow();
  }

  private static ExecutorService daemonPool(String name) {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private static StatusRuntimeException unknownCamera(String cameraId) {
    return Status.NOT_FOUND.withDescription("no frames counted for camera '" + cameraId + "'").asRuntimeException();
  }

  /**
   * Runs a unary query on the query pool, in the call's context (deadline, cancellation, whether
   * it was forwarded), and maps its failure to a status.
   */
  private <T> void respond(StreamObserver<T> response, Supplier<T> query) {
    queryExecutor.execute(Context.current().wrap(() -> answer(response, query)));
  }

  /** Answers a unary call with the query's result or its failure's status; the one place errors meet the wire. */
  private static <T> void answer(StreamObserver<T> response, Supplier<T> query) {
    T result;
    try {
      result = query.get();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    } catch (StoresUnavailableException e) {
      LOG.debug("query refused while stores are unavailable: {}", e.getMessage());
      response.onError(Status.UNAVAILABLE
          .withDescription("state stores are rebalancing; retry in a few seconds").asRuntimeException());
      return;
    } catch (RuntimeException e) {
      LOG.error("query failed", e);
      response.onError(Status.INTERNAL.withDescription("internal error; see the postprocessor log").asRuntimeException());
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
