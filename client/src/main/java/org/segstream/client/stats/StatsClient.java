package org.segstream.client.stats;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.segstream.proto.v1.CameraInfo;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.GetFleetStatsRequest;
import org.segstream.proto.v1.GetWindowStatsRequest;
import org.segstream.proto.v1.GetWindowStatsResponse;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.SceneStats;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.WatchStatsRequest;
import org.segstream.proto.v1.WatchStatsResponse;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;

/** A thin client of the SceneStats service; every call carries a deadline. */
public final class StatsClient {
  private final SceneStatsServiceBlockingStub stub;
  private final Duration deadline;

  public StatsClient(Channel channel, Duration deadline) {
    this(channel, deadline, null);
  }

  /** Sending {@code token} (null or blank for none) as {@code authorization: Bearer} on every call. */
  public StatsClient(Channel channel, Duration deadline, String token) {
    SceneStatsServiceBlockingStub plain = SceneStatsServiceGrpc.newBlockingStub(channel);
    if (token != null && !token.isBlank()) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token.trim());
      plain = plain.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    this.stub = plain;
    this.deadline = deadline;
  }

  private SceneStatsServiceBlockingStub call() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<CameraInfo> cameras() {
    return call().listCameras(ListCamerasRequest.getDefaultInstance()).getCamerasList();
  }

  public LatestFrame latest(String camera) {
    return call().getLatest(GetLatestRequest.newBuilder().setCameraId(camera).build());
  }

  /** Windows of the given size (0 = the smallest) starting in [fromUs, toUs]; 0 bounds are open. */
  public List<SceneStats> windows(String camera, int windowSeconds, long fromUs, long toUs) {
    List<SceneStats> windows = new ArrayList<>();
    String token = "";
    do {
      GetWindowStatsResponse page = call().getWindowStats(GetWindowStatsRequest.newBuilder()
          .setCameraId(camera).setWindowSeconds(windowSeconds).setFromUs(fromUs).setToUs(toUs).setPageToken(token)
          .build());
      windows.addAll(page.getWindowsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return windows;
  }

  /**
   * New windows and newest frames of these cameras (empty: all) as they are counted, for
   * {@code duration}: the stream's deadline, after which it ends with DEADLINE_EXCEEDED.
   */
  public Iterator<WatchStatsResponse> watch(List<String> cameras, Duration duration) {
    return stub.withDeadlineAfter(duration.toMillis(), TimeUnit.MILLISECONDS)
        .watchStats(WatchStatsRequest.newBuilder().addAllCameraIds(cameras).build());
  }

  /** Fleet-wide windows (every camera merged), as {@link #windows} for one camera. */
  public List<SceneStats> fleet(int windowSeconds, long fromUs, long toUs) {
    return call().getFleetStats(GetFleetStatsRequest.newBuilder()
        .setWindowSeconds(windowSeconds).setFromUs(fromUs).setToUs(toUs).build())
        .getWindowsList();
  }
}
