package org.segstream.postprocess.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.apache.kafka.streams.state.HostInfo;
import org.segstream.postprocess.GrpcSecurity;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceStub;
import org.segstream.proto.v1.WatchStatsRequest;
import org.segstream.proto.v1.WatchStatsResponse;

/**
 * Calls another postprocess instance: one cached channel per host, the caller's deadline passed
 * on (or a default), and a header marking the call as forwarded so the receiver answers from its
 * own stores instead of forwarding again while ownership moves.
 */
final class Forwarder implements AutoCloseable {
  static final Metadata.Key<String> FORWARDED = Metadata.Key.of("segstream-forwarded", Metadata.ASCII_STRING_MARSHALLER);
  private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  private final Map<HostInfo, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final GrpcSecurity security;

  Forwarder(GrpcSecurity security) {
    this.security = security;
  }

  /** Runs {@code call} against {@code host}'s SceneStats service. */
  <T> T call(HostInfo host, Function<SceneStatsServiceBlockingStub, T> call) {
    ManagedChannel channel = channels.computeIfAbsent(host, this::open);
    Metadata headers = forwardedHeaders();
    Deadline deadline = Context.current().getDeadline();
    SceneStatsServiceBlockingStub stub = SceneStatsServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    stub = deadline != null ? stub.withDeadline(deadline)
        : stub.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    return call.apply(stub);
  }

  /**
   * Starts a WatchStats call on {@code host} whose updates go to {@code updates}. It is made in a
   * context derived from the caller's, so it ends when the caller's call ends (cancelled or past
   * its deadline).
   */
  void watch(HostInfo host, WatchStatsRequest request, StreamObserver<WatchStatsResponse> updates) {
    ManagedChannel channel = channels.computeIfAbsent(host, this::open);
    SceneStatsServiceStub stub = SceneStatsServiceGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(forwardedHeaders()));
    Context.current().withCancellation().run(() -> stub.watchStats(request, updates));
  }

  /** Marks a call as forwarded and passes the caller's bearer token on. */
  private static Metadata forwardedHeaders() {
    Metadata headers = new Metadata();
    headers.put(FORWARDED, "1");
    String authorization = TokenAuth.CALLER_AUTHORIZATION.get();
    if (authorization != null) {
      headers.put(TokenAuth.AUTHORIZATION, authorization);
    }
    return headers;
  }

  /** A channel as secure as this instance's own server: TLS, and its certificate when mutual TLS is on. */
  private ManagedChannel open(HostInfo host) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host.host(), host.port());
    if (!security.tls()) {
      return builder.usePlaintext().build();
    }
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (security.trustCa() != null) {
        ssl.trustManager(security.trustCa().toFile());
      }
      if (security.clientCa() != null) {
        ssl.keyManager(security.certificate().toFile(), security.privateKey().toFile());
      }
      return builder.sslContext(ssl.build()).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS to " + host + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
