package org.segstream.inference.loop;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's CPU threads for decoding, preprocessing and mask encoding, shared by its lanes.
 * Encoding runs before preparing: a finished frame's mask is the next thing a lane can publish,
 * while a prepared frame would only wait longer for the model.
 */
public final class CpuPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CpuPool.class);

  /** Kinds of work, most urgent first. */
  enum Priority { ENCODE, PREPARE }

  private final ThreadPoolExecutor executor;
  private final AtomicLong order = new AtomicLong();

  public CpuPool(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "segstream-cpu-" + n.getAndIncrement());
          t.setDaemon(true);
          return t;
        });
  }

  private record Task(int priority, long order, Runnable work) implements Runnable, Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      return priority != other.priority ? Integer.compare(priority, other.priority) : Long.compare(order, other.order);
    }

    @Override
    public void run() {
      try {
        work.run();
      } catch (RuntimeException e) {
        // Tasks catch their own failures and settle their frames; reaching here is a bug that
        // leaves a frame unsettled, holding up its partition, so it must be loud.
        LOG.error("CPU pool task failed: {}", e.toString(), e);
      }
    }
  }

  void execute(Priority priority, Runnable work) {
    executor.execute(new Task(priority.ordinal(), order.getAndIncrement(), work));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
