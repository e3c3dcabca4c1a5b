package org.segstream.postprocess;

import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.segstream.metrics.MetricsServer;
import org.segstream.postprocess.grpc.SceneStatsGrpcService;
import org.segstream.postprocess.grpc.ServerTls;
import org.segstream.postprocess.grpc.StatsServer;
import org.apache.kafka.streams.state.HostInfo;
import org.segstream.postprocess.query.KafkaStreamsStores;
import org.segstream.postprocess.query.StatsQueries;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.postprocess.watch.StatsUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running postprocessor: Kafka Streams counting masks into the stats stores, and the gRPC server
 * answering from them. {@link PostprocessMain} runs one per process; the CLI can run one in its
 * own JVM. Topics must exist beforehand (Kafka Streams creates only its internal ones).
 */
public final class Postprocessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Postprocessor.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final StatsServer server;
  private final SceneStatsGrpcService service;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final KafkaStreamsMetrics streamsMetrics;
  private MetricsServer metrics;
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private Postprocessor(PostprocessConfig config) {
    StatsUpdates updates = new StatsUpdates();
    this.streams = new KafkaStreams(StatsTopology.build(config, updates, registry), config.streamsProperties());
    HostInfo self = config.advertisedGrpc().isEmpty() ? null : HostInfo.buildFromEndpoint(config.advertisedGrpc());
    this.service = new SceneStatsGrpcService(
        new StatsQueries(new KafkaStreamsStores(streams, self), config.windowSizes()), updates, config.security());
    // Kafka Streams' own metrics (process rates, lag, commit latency, store sizes) and per-RPC
    // counts and latencies of the gRPC server.
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    // Handlers run on the transport threads: none blocks (SceneStatsGrpcService hands store reads
    // and forwarding to its own pool), and GetLatest of a camera counted here saves two thread
    // hand-offs a call (README: GetLatest).
    this.server = new StatsServer(
        ServerTls.secure(NettyServerBuilder.forAddress(new InetSocketAddress(config.grpcHost(), config.grpcPort())),
            config.security()).directExecutor().intercept(new MetricCollectingServerInterceptor(registry)),
        service, ServerTls.auth(config.security()));
    streams.setStateListener((now, before) -> onStateChange(now));
    streams.setUncaughtExceptionHandler(Postprocessor::onStreamThreadFailure);
  }

  private static StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // A replacement thread would fail alike, and only after a session timeout (~45 s): stop now
      // so the caller sees failed() and an operator sees the missing topic at once.
      if (t instanceof MissingSourceTopicException) {
        LOG.error("input topic missing, shutting down: {}", t.getMessage());
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
    }
    // Bad records are dead-lettered in the topology, so what reaches here is broker trouble or a
    // bug; a fresh thread resumes from the last committed transaction instead of stopping.
    LOG.error("stream thread failed; replacing it", e);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Builds the topology and starts Kafka Streams, then the gRPC server; returns without waiting for RUNNING. */
  public static Postprocessor start(PostprocessConfig config) {
    Postprocessor postprocessor = new Postprocessor(config);
    try {
      postprocessor.streams.start();
      postprocessor.server.start();
      if (config.metricsPort() > 0) {
        postprocessor.metrics = MetricsServer.start(postprocessor.registry, config.metricsPort());
      }
    } catch (IOException e) {
      postprocessor.close();
      throw new UncheckedIOException("cannot listen on " + config.grpcHost() + ":" + config.grpcPort()
          + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      postprocessor.close();
      throw e;
    }
    LOG.info("postprocessor {} counting {} into windows {}; gRPC on port {} ({})", config.applicationId(),
        config.masksTopic(), config.windowSizes(), postprocessor.grpcPort(), transport());
    return postprocessor;
  }

  /** What grpc-netty serves on: Linux's epoll when its native library loads, Java's NIO otherwise. */
  private static String transport() {
    return Epoll.isAvailable() ? "epoll" : "NIO; epoll unavailable: " + Epoll.unavailabilityCause();
  }

  private void onStateChange(State now) {
    LOG.info("Kafka Streams is {}", now);
    server.setServing(now == State.RUNNING);
    if (now == State.RUNNING) {
      running.countDown();
    }
    if (now == State.ERROR || now == State.NOT_RUNNING) {
      stopped.countDown();
    }
  }

  /** The port the gRPC server listens on (the chosen one when configured with port 0). */
  public int grpcPort() {
    return server.port();
  }

  /** The metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
  public String scrape() {
    return registry.scrape();
  }

  /** The Kafka Streams state, for status output. */
  public State state() {
    return streams.state();
  }

  /**
   * Waits until Kafka Streams has its partitions assigned and stores restored.
   *
   * @return true once RUNNING; false if the timeout passed or Kafka Streams stopped first
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Poll in short steps so a Kafka Streams that fails while starting ends the wait early.
    while (!running.await(50, TimeUnit.MILLISECONDS)) {
      if (stopped.getCount() == 0 || System.nanoTime() >= deadline) {
        return false;
      }
    }
    return true;
  }

  /** Blocks until {@link #close} is called or Kafka Streams stops by itself (an error). */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** Whether Kafka Streams failed (ERROR) rather than being closed. */
  public boolean failed() {
    return streams.state() == State.ERROR;
  }

  /** Stops the gRPC server, then Kafka Streams (reverse of start), each within a timeout. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!server.stop(CLOSE_TIMEOUT)) {
      LOG.warn("gRPC server did not stop within {}", CLOSE_TIMEOUT);
    }
    service.close();
    if (!streams.close(CLOSE_TIMEOUT)) {
      LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
    }
    streamsMetrics.close();
    if (metrics != null) {
      metrics.close();
    }
    stopped.countDown();
    LOG.info("postprocessor stopped");
  }
}
