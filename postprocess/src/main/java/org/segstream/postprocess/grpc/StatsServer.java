package org.segstream.postprocess.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postprocessor's gRPC server: the scene stats service, the standard health service (overall
 * and per service, NOT_SERVING until {@link #setServing} says otherwise) and reflection v1. It is
 * given a {@link ServerBuilder} so callers choose the transport (Netty in production, in-process in
 * tests) and the address.
 */
public final class StatsServer {
  private static final Logger LOG = LoggerFactory.getLogger(StatsServer.class);

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();

  public StatsServer(ServerBuilder<?> builder, BindableService statsService) {
    this(builder, statsService, null);
  }

  /**
   * With {@code auth} (or null for none) in front of the scene stats service; health and
   * reflection stay open so probes and tools work without a token.
   */
  public StatsServer(ServerBuilder<?> builder, BindableService statsService, ServerInterceptor auth) {
    // The last interceptor given runs first: auth before anything reads the call.
    ServerServiceDefinition stats = auth == null
        ? ServerInterceptors.intercept(statsService, new ForwardedInterceptor())
        : ServerInterceptors.intercept(statsService, new ForwardedInterceptor(), auth);
    this.server = builder
        .addService(stats)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .build();
    setServing(false);
  }

  /** Starts listening; the caller stops the server with {@link #stop}. */
  public StatsServer start() throws IOException {
    server.start();
    LOG.info("gRPC scene stats server listening on {}", server.getListenSockets());
    return this;
  }

  /** The port listened on, -1 for transports without one (in-process). */
  public int port() {
    return server.getPort();
  }

  /** What health checks report: SERVING while the stores can answer, NOT_SERVING otherwise. */
  public void setServing(boolean serving) {
    ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    health.setStatus(SceneStatsServiceGrpc.SERVICE_NAME, status);
  }

  /**
   * Stops taking calls, lets running ones finish within the timeout, then cancels the rest.
   *
   * @return whether the server terminated in time
   */
  public boolean stop(Duration timeout) {
    // Tell health watchers first, so load balancers drain this instance before calls are refused.
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        return server.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
      return false;
    }
  }
}
