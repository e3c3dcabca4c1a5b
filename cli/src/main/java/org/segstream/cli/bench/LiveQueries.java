package org.segstream.cli.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.segstream.proto.v1.GetLatestRequest;
import org.segstream.proto.v1.SceneStatsServiceGrpc;
import org.segstream.proto.v1.WatchStatsRequest;
import org.segstream.proto.v1.WatchStatsResponse;

/** Latencies of a running postprocessor's gRPC server on loopback, against baselines in the same run. */
final class LiveQueries implements AutoCloseable {
  private final ManagedChannel channel;

  LiveQueries(int port) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** GetLatest of {@code camera} at {@code rate} calls/s (open loop) for {@code duration}; micros. */
  Histogram getLatest(String camera, int rate, Duration duration) throws InterruptedException {
    var stub = SceneStatsServiceGrpc.newFutureStub(channel);
    GetLatestRequest request = GetLatestRequest.newBuilder().setCameraId(camera).build();
    return openLoop(() -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).getLatest(request), rate, duration);
  }

  /** The standard health check at the same rate: the server and transport without a store read. */
  Histogram health(int rate, Duration duration) throws InterruptedException {
    var stub = HealthGrpc.newFutureStub(channel);
    return openLoop(() -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()),
        rate, duration);
  }

  /**
   * Calls sent on a fixed schedule whatever the answers' pace, each timed from when it was due,
   * so a stall shows in the latencies instead of slowing the sender down.
   */
  private static Histogram openLoop(Supplier<ListenableFuture<?>> call, int rate, Duration duration)
      throws InterruptedException {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    long periodNanos = 1_000_000_000L / rate;
    long calls = duration.toNanos() / periodNanos;
    CountDownLatch done = new CountDownLatch((int) calls);
    ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    try {
      for (long i = 0; i < calls; i++) {
        long due = start + i * periodNanos;
        sender.schedule(() -> Futures.addCallback(call.get(), new FutureCallback<Object>() {
          @Override
          public void onSuccess(Object result) {
            record();
          }

          @Override
          public void onFailure(Throwable t) {
            record();
          }

          private void record() {
            synchronized (histogram) {
              histogram.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
            }
            done.countDown();
          }
        }, MoreExecutors.directExecutor()), due - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
      if (!done.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("calls did not complete");
      }
    } finally {
      sender.shutdownNow();
    }
    return histogram;
  }

  /** Calls of one kind, timed in turns with others: their latencies and the heap the JVM allocated meanwhile. */
  static final class Measured {
    /** One turn of calls. */
    interface Turn {
      Histogram run() throws InterruptedException;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    private long allocatedBytes;
    private long cpuNanos;

    void add(Turn turn) throws InterruptedException {
      long before = allocatedBytes();
      long cpuBefore = OS.getProcessCpuTime();
      latencies.add(turn.run());
      cpuNanos += OS.getProcessCpuTime() - cpuBefore;
      allocatedBytes += allocatedBytes() - before;
    }

    Histogram latencies() {
      return latencies;
    }

    /**
     * Heap allocated per call by the whole JVM (client, server, broker, streams) while these calls
     * ran: it moves less with the VM's speed than the latencies do, and it sets how often the
     * collector pauses the server.
     */
    double kilobytesPerCall() {
      return allocatedBytes / 1024.0 / Math.max(1, latencies.getTotalCount());
    }

    /**
     * CPU time per call of the whole process (client and server, both on this machine's cores,
     * and whatever else ran): steadier than the tail on this VM, and what a transport change moves.
     */
    double cpuMicrosPerCall() {
      return cpuNanos / 1000.0 / Math.max(1, latencies.getTotalCount());
    }

    /** Bytes allocated so far by the threads alive now. */
    private static long allocatedBytes() {
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long sum = 0;
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        sum += Math.max(0, bytes);
      }
      return sum;
    }
  }

  /** Opens a watch of {@code camera}'s updates; the iterator yields them as they come. */
  Iterator<WatchStatsResponse> watch(String camera, Duration duration) {
    return SceneStatsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(duration.toMillis(), TimeUnit.MILLISECONDS)
        .watchStats(WatchStatsRequest.newBuilder().addCameraIds(camera).build());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static String percentiles(Histogram h) {
    return String.format(java.util.Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d calls)",
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
        h.getTotalCount());
  }
}
