package org.segstream.inference.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.PreparedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching in front of one predictor, on its own thread: prepared frames are taken in
 * arrival order into two groups (pinhole frames and panoramas, whose inputs differ in width), and
 * a group goes to the model when it holds {@code maxBatch} frames, when its first frame has waited
 * {@code maxWait}, or at once when nothing else is on its way (so a light load is not delayed).
 * Under load, frames pile up while the model runs, and the next batch is full. A batch the model
 * fails on is retried in halves until only the frames it fails on alone are left.
 */
public final class Batcher<T extends BatchItem> implements Runnable {
  /** A batch's forward pass; the batcher's thread is the only one to call it. */
  @FunctionalInterface
  public interface Forward {
    List<ClassMap> run(List<PreparedFrame> batch) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
  private final int maxBatch;
  private final long maxWaitNanos;
  private final Freshness freshness;
  private final Forward forward;
  private final BatchSink<T> sink;
  private final IntSupplier upstream;
  private final Group pinhole = new Group();
  private final Group wrapping = new Group();
  private volatile boolean running = true;
  private volatile int grouped;

  /** @param upstream frames still being prepared for this batcher (0: nothing else is on its way) */
  public Batcher(int maxBatch, long maxWaitMillis, Freshness freshness, Forward forward, BatchSink<T> sink,
      IntSupplier upstream) {
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    this.freshness = freshness;
    this.forward = forward;
    this.sink = sink;
    this.upstream = upstream;
  }

  /** The frames waiting for the model. */
  private final class Group {
    final List<T> items = new ArrayList<>();
    long firstNanos;

    boolean due(long now) {
      return !items.isEmpty()
          && (items.size() >= maxBatch || now - firstNanos >= maxWaitNanos
              || (queue.isEmpty() && upstream.getAsInt() == 0));
    }
  }

  /** Queues a prepared frame; any thread. */
  public void offer(T item) {
    queue.add(item);
  }

  /** Frames waiting for the model, queued or grouped. */
  public int depth() {
    return queue.size() + grouped;
  }

  /** Asks the thread to return after its current batch. */
  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      while (running) {
        T item = queue.poll(waitNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item != null && !item.cancelled()) {
          Group group = item.prepared().wraps() ? wrapping : pinhole;
          if (group.items.isEmpty()) {
            group.firstNanos = System.nanoTime();
          }
          group.items.add(item);
        }
        flushDue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long waitNanos(long now) {
    long wait = IDLE_WAIT_NANOS;
    for (Group g : List.of(pinhole, wrapping)) {
      if (!g.items.isEmpty()) {
        wait = Math.min(wait, Math.max(0, g.firstNanos + maxWaitNanos - now));
      }
    }
    return wait;
  }

  private void flushDue() {
    for (Group g : List.of(pinhole, wrapping)) {
      // A group over maxBatch (never more than one over) sends maxBatch and keeps the rest.
      while (g.due(System.nanoTime())) {
        int n = Math.min(maxBatch, g.items.size());
        List<T> batch = new ArrayList<>(g.items.subList(0, n));
        g.items.subList(0, n).clear();
        g.firstNanos = System.nanoTime();
        grouped = pinhole.items.size() + wrapping.items.size();
        run(batch);
      }
    }
    grouped = pinhole.items.size() + wrapping.items.size();
  }

  private void run(List<T> candidates) {
    long now = System.currentTimeMillis();
    List<T> batch = new ArrayList<>(candidates.size());
    for (T item : candidates) {
      if (item.cancelled()) {
        continue;
      }
      if (freshness.tooOld(item.captureMillis(), now)) {
        sink.skipped(item);
      } else {
        batch.add(item);
      }
    }
    if (!batch.isEmpty()) {
      segment(batch, System.nanoTime());
    }
    candidates.forEach(BatchItem::inputUsed);
  }

  /**
   * One forward pass over {@code batch}; {@code firstStartNanos} is when its frames first entered
   * the model. Masks report the pass that produced them, while freshness sees from the first
   * start, so the time spent on retries counts against the frames' age.
   */
  private void segment(List<T> batch, long firstStartNanos) {
    long start = System.nanoTime();
    List<ClassMap> maps;
    try {
      maps = forward.run(batch.stream().map(BatchItem::prepared).toList());
      if (maps.size() != batch.size()) {
        throw new IllegalStateException("model returned " + maps.size() + " class maps for " + batch.size() + " frames");
      }
    } catch (Exception e) {
      if (batch.size() == 1) {
        sink.failed(batch.get(0), e);
      } else {
        retryInHalves(batch, firstStartNanos, e);
      }
      return;
    }
    sink.predicted(batch, maps, firstStartNanos, System.nanoTime() - start);
  }

  /**
   * Tries each half of a failed batch on its own, so that only the frames the model fails on alone
   * are dead-lettered and the others still get masks. A model that fails on everything costs about
   * twice the passes of going frame by frame; one bad frame in n costs about 2·log2(n) passes.
   */
  private void retryInHalves(List<T> batch, long firstStartNanos, Exception error) {
    LOG.debug("model failed on a batch of {} ({}); retrying it in halves", batch.size(), error.toString());
    int half = batch.size() / 2;
    for (List<T> part : List.of(batch.subList(0, half), batch.subList(half, batch.size()))) {
      // A frame whose transaction was aborted meanwhile is not worth another pass.
      List<T> live = part.stream().filter(item -> !item.cancelled()).toList();
      if (!live.isEmpty()) {
        segment(live, firstStartNanos);
      }
    }
  }
}
