package org.segstream.postprocess.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.proto.v1.WatchStatsResponse;

/**
 * One WatchStats call: a bounded queue filled by the topology's threads and drained into the
 * call on a shared executor, one drain at a time per call so messages stay in order. A caller
 * slower than the updates loses the oldest queued ones (a later window update supersedes an
 * earlier one of the same window anyway), never the stream threads' time.
 */
final class Watch implements StatsUpdates.Watcher {
  static final int CAPACITY = 1024;

  private final List<String> cameras;
  private final ServerCallStreamObserver<WatchStatsResponse> call;
  private final Executor executor;
  private final BlockingQueue<WatchStatsResponse> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean open = true;

  Watch(List<String> cameras, ServerCallStreamObserver<WatchStatsResponse> call, Executor executor) {
    this.cameras = List.copyOf(cameras);
    this.call = call;
    this.executor = executor;
  }

  @Override
  public List<String> cameras() {
    return cameras;
  }

  @Override
  public void offer(WatchStatsResponse update) {
    while (open && !queue.offer(update)) {
      if (queue.poll() != null) {
        dropped.incrementAndGet();
      }
    }
    if (open && draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  /** Updates dropped because the caller did not keep up. */
  long dropped() {
    return dropped.get();
  }

  void close() {
    open = false;
    queue.clear();
  }

  private void drain() {
    try {
      WatchStatsResponse next;
      while (open && !call.isCancelled() && (next = queue.poll()) != null) {
        call.onNext(next);
      }
    } catch (IllegalStateException e) {
      // The call closed under us (cancelled between the check and the send): stop sending; the
      // cancel handler unsubscribes this watch.
      open = false;
    } finally {
      draining.set(false);
    }
    // An update offered between the last poll and clearing the flag would wait for the next one.
    if (open && !queue.isEmpty() && draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }
}
