package org.segstream.postprocess.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;

/**
 * Calls another postprocess instance: one cached channel per host, the caller's deadline passed
 * on (or a default), and a header marking the call as forwarded so the receiver answers from its
 * own stores instead of forwarding again while ownership moves.
 */
final class Forwarder implements AutoCloseable {
  static final Metadata.Key<String> FORWARDED = Metadata.Key.of("segstream-forwarded", Metadata.ASCII_STRING_MARSHALLER);
  private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  private final Map<HostInfo, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** Runs {@code call} against {@code host}'s SceneStats service. */
  <T> T call(HostInfo host, Function<SceneStatsServiceBlockingStub, T> call) {
    ManagedChannel channel = channels.computeIfAbsent(host,
        h -> NettyChannelBuilder.forAddress(h.host(), h.port()).usePlaintext().build());
    Metadata headers = new Metadata();
    headers.put(FORWARDED, "1");
    Deadline deadline = Context.current().getDeadline();
    SceneStatsServiceBlockingStub stub = SceneStatsServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    stub = deadline != null ? stub.withDeadline(deadline)
        : stub.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    return call.apply(stub);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
