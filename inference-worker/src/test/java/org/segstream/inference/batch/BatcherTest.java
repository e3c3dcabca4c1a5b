package org.segstream.inference.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.PreparedFrame;

/** The batching rules, with a forward pass that records what it was given. */
class BatcherTest {
  private final List<List<Item>> batches = new CopyOnWriteArrayList<>();
  private final List<Item> skipped = new CopyOnWriteArrayList<>();
  private final List<Item> failed = new CopyOnWriteArrayList<>();
  private final List<long[]> timings = new CopyOnWriteArrayList<>();
  private final AtomicInteger upstream = new AtomicInteger();
  private Thread thread;
  private Batcher<Item> batcher;
  /** Forward passes ("pass 0 1") and hand-backs of input ("used 0"), in order. */
  private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  private record Item(int id, boolean wraps, long captureMillis) implements BatchItem {
    /** A 1×1 frame whose red value is its id, so a forward pass can tell frames apart. */
    @Override
    public PreparedFrame prepared() {
      return new PreparedFrame(new float[] {id, 0, 0}, 1, 1, 1, wraps);
    }

    @Override
    public boolean cancelled() {
      return false;
    }

    @Override
    public void inputUsed() {
      EVENTS.add("used " + id);
    }
  }

  private static Item pinhole(int id) {
    return new Item(id, false, System.currentTimeMillis());
  }

  private void start(int maxBatch, long maxWaitMillis, Freshness freshness, Batcher.Forward forward) {
    BatchSink<Item> sink = new BatchSink<>() {
      @Override
      public void predicted(List<Item> batch, List<ClassMap> maps, long startNanos, long modelNanos) {
        batches.add(List.copyOf(batch));
        timings.add(new long[] {startNanos, modelNanos});
      }

      @Override
      public void failed(Item item, Exception error) {
        failed.add(item);
      }

      @Override
      public void skipped(Item item) {
        skipped.add(item);
      }
    };
    batcher = new Batcher<>(maxBatch, maxWaitMillis, freshness, forward, sink, upstream::get);
    thread = new Thread(batcher);
    thread.start();
  }

  private static List<ClassMap> maps(List<PreparedFrame> batch) {
    return Collections.nCopies(batch.size(), new ClassMap(1, 1, new byte[1]));
  }

  private void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @AfterEach
  void stop() throws InterruptedException {
    EVENTS.clear();
    batcher.stop();
    thread.interrupt();
    thread.join();
  }

  @Test
  void framesThatPileUpWhileTheModelRunsGoInFullBatchesInArrivalOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    upstream.set(1);
    start(4, 10_000, new Freshness(OverloadPolicy.LOSSLESS, 1000), batch -> {
      release.await();
      return maps(batch);
    });
    for (int i = 0; i < 9; i++) {
      batcher.offer(pinhole(i));
    }
    // The first four go at once (full), the rest wait behind the blocked model.
    await(() -> batcher.depth() == 5);
    release.countDown();
    upstream.set(0);
    await(() -> batches.stream().mapToInt(List::size).sum() == 9);
    assertThat(batches).extracting(List::size).containsExactly(4, 4, 1);
    List<Integer> order = new ArrayList<>();
    batches.forEach(b -> b.forEach(i -> order.add(i.id())));
    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void aPartBatchWaitsForMoreWhileFramesAreBeingPreparedButNoLongerThanMaxWait() throws Exception {
    upstream.set(1);
    start(8, 300, new Freshness(OverloadPolicy.LOSSLESS, 1000), BatcherTest::maps);
    long start = System.nanoTime();
    batcher.offer(pinhole(0));
    batcher.offer(pinhole(1));
    await(() -> batches.size() == 1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
    assertThat(batches.get(0)).hasSize(2);
  }

  @Test
  void aPartBatchGoesAtOnceWhenNothingElseIsOnItsWay() throws Exception {
    start(8, 10_000, new Freshness(OverloadPolicy.LOSSLESS, 1000), BatcherTest::maps);
    batcher.offer(pinhole(0));
    await(() -> batches.size() == 1);
    assertThat(batches.get(0)).hasSize(1);
  }

  @Test
  void panoramasAndPinholeFramesAreBatchedApart() throws Exception {
    upstream.set(1);
    start(2, 10_000, new Freshness(OverloadPolicy.LOSSLESS, 1000), BatcherTest::maps);
    long now = System.currentTimeMillis();
    batcher.offer(new Item(0, false, now));
    batcher.offer(new Item(1, true, now));
    batcher.offer(new Item(2, true, now));
    batcher.offer(new Item(3, false, now));
    await(() -> batches.size() == 2);
    assertThat(batches).allSatisfy(b -> assertThat(b).extracting(Item::wraps).containsOnly(b.get(0).wraps()));
  }

  @Test
  void freshestSkipsFramesOlderThanTheBoundAndLosslessKeepsThem() throws Exception {
    start(4, 0, new Freshness(OverloadPolicy.FRESHEST, 500), BatcherTest::maps);
    long now = System.currentTimeMillis();
    batcher.offer(new Item(0, false, now - 2000));
    batcher.offer(new Item(1, false, now));
    await(() -> skipped.size() + batches.stream().mapToInt(List::size).sum() == 2);
    assertThat(skipped).extracting(Item::id).containsExactly(0);

  }

  @Test
  void aFailingForwardPassFailsItsBatchAndTheBatcherGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(1, 0, new Freshness(OverloadPolicy.LOSSLESS, 1000), batch -> {
      if (calls.getAndIncrement() == 0) {
        throw new IllegalStateException("CUDA out of memory");
      }
      return maps(batch);
    });
    batcher.offer(pinhole(0));
    batcher.offer(pinhole(1));
    await(() -> failed.size() == 1 && batches.size() == 1);
    assertThat(failed).extracting(Item::id).containsExactly(0);
    assertThat(batches.get(0)).extracting(Item::id).containsExactly(1);
  }

  @Test
  void aFailedBatchIsRetriedInHalvesSoOnlyTheFramesTheModelFailsOnAreFailed() throws Exception {
    Set<Integer> poisoned = Set.of(2, 5);
    List<Integer> passes = new CopyOnWriteArrayList<>();
    upstream.set(1);
    start(8, 10_000, new Freshness(OverloadPolicy.LOSSLESS, 1000), batch -> {
      passes.add(batch.size());
      if (batch.stream().anyMatch(frame -> poisoned.contains((int) frame.planes()[0]))) {
        Thread.sleep(100);
        throw new IllegalStateException("bad frame in batch");
      }
      return maps(batch);
    });
    for (int i = 0; i < 8; i++) {
      batcher.offer(pinhole(i));
    }
    await(() -> failed.size() + batches.stream().mapToInt(List::size).sum() == 8);

    assertThat(failed).extracting(Item::id).containsExactly(2, 5);
    assertThat(batches).map(b -> b.stream().map(Item::id).toList())
        .containsExactly(List.of(0, 1), List.of(3), List.of(4), List.of(6, 7));
    assertThat(passes).containsExactly(8, 4, 2, 2, 1, 1, 4, 2, 1, 1, 2);
    // Masks are charged their own pass, not the failed ones (100 ms each); their start is the first try's.
    assertThat(timings).allSatisfy(t -> assertThat(t[1]).isLessThan(TimeUnit.MILLISECONDS.toNanos(100)));
    assertThat(timings).extracting(t -> t[0]).containsOnly(timings.get(0)[0]);
  }

  @Test
  void everyFrameHandsBackItsInputOnceAfterItsLastForwardPassRetriesAndSkipsIncluded() throws Exception {
    upstream.set(1);
    start(4, 10_000, new Freshness(OverloadPolicy.FRESHEST, 60_000), batch -> {
      EVENTS.add("pass " + String.join(" ", batch.stream().map(f -> String.valueOf((int) f.planes()[0])).toList()));
      if (batch.stream().anyMatch(frame -> frame.planes()[0] == 2)) {
        throw new IllegalStateException("bad frame in batch");
      }
      return maps(batch);
    });
    for (int i = 0; i < 4; i++) {
      batcher.offer(pinhole(i));
    }
    batcher.offer(new Item(9, false, System.currentTimeMillis() - 120_000)); // too old: skipped
    upstream.set(0);
    await(() -> EVENTS.stream().filter(e -> e.startsWith("used")).count() == 5);

    assertThat(EVENTS).containsExactly("pass 0 1 2 3", "pass 0 1", "pass 2 3", "pass 2", "pass 3",
        "used 0", "used 1", "used 2", "used 3", "used 9");
  }

  @Test
  void aModelThatFailsOnEveryFrameFailsEachOnceAndTheBatcherGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    upstream.set(1);
    start(4, 10_000, new Freshness(OverloadPolicy.LOSSLESS, 1000), batch -> {
      if (calls.incrementAndGet() <= 7) {
        throw new IllegalStateException("CUDA error: device-side assert triggered");
      }
      return maps(batch);
    });
    for (int i = 0; i < 4; i++) {
      batcher.offer(pinhole(i));
    }
    await(() -> failed.size() == 4);
    upstream.set(0);
    batcher.offer(pinhole(4));
    await(() -> batches.size() == 1);

    assertThat(failed).extracting(Item::id).containsExactly(0, 1, 2, 3);
    assertThat(calls.get()).isEqualTo(8);
    assertThat(batches.get(0)).extracting(Item::id).containsExactly(4);
  }
}
