package org.segstream.postprocess.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.segstream.postprocess.model.StatsProtos;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.SceneStats;

/**
 * Counts each frame in its camera's windows of every size and keeps its newest frame, with one
 * state-store write per frame: a camera's newest window of each size and newest frame are one
 * value ({@link CameraWindows}) in a cached store, which Kafka Streams makes durable at every
 * commit. Older windows live in the window stores, where a late frame within grace finds them.
 * Counting each size in its own windowed aggregation cost a cached read and write per size and
 * frame, most of the postprocessor's time after measuring (README: where the time goes).
 *
 * <p>Queries read the open windows from that state and the others from the window stores, where a
 * window is written when it leaves the state. On a wall-clock schedule (the commit interval) each
 * window whose count changed is published as SceneStats (stats topic and watchers), and each
 * camera's newer frame to the watchers. GetLatest reads the newest frame from {@code LatestFrames},
 * which the counter updates with every frame and clears of its cameras when its task closes. A
 * window closes once stream time passes its end plus grace, as in Kafka Streams' windowed
 * aggregations; its final value is then written and published if it changed, in the same
 * transaction that removes it from the state, so no window's final count is lost or doubled.
 */
final class WindowCounter implements Processor<String, FrameStats, String, SceneStats> {
  private final List<Duration> windowSizes;
  private final long[] sizesMs;
  private final long graceMs;
  private final Duration publishEvery;
  private final StatsUpdates updates;
  private ProcessorContext<String, SceneStats> context;
  private KeyValueStore<String, CameraWindows> states;
  private final List<TimestampedWindowStore<String, WindowAggregate>> windowStores = new ArrayList<>();
  // This task's cameras, the same objects the state store holds in serialized form.
  private final Map<String, CameraWindows> cameras = new HashMap<>();
  private final Set<String> changed = new HashSet<>();
  /** The newest event time counted by this task: what closes windows, as in Kafka Streams' aggregations. */
  private long streamTimeMs = Long.MIN_VALUE;

  WindowCounter(List<Duration> windowSizes, Duration grace, Duration publishEvery, StatsUpdates updates) {
    this.windowSizes = List.copyOf(windowSizes);
    this.sizesMs = windowSizes.stream().mapToLong(Duration::toMillis).toArray();
    this.graceMs = grace.toMillis();
    this.publishEvery = publishEvery;
    this.updates = updates;
  }

  @Override
  public void init(ProcessorContext<String, SceneStats> context) {
    this.context = context;
    states = context.getStateStore(StatsTopology.CAMERA_STATE_STORE);
    windowStores.clear();
    for (Duration size : windowSizes) {
      windowStores.add(context.getStateStore(StatsTopology.windowStoreName(size)));
    }
    // A task revived after a failed transaction is initialised again on restored stores: start from them.
    cameras.clear();
    changed.clear();
    streamTimeMs = Long.MIN_VALUE;
    try (KeyValueIterator<String, CameraWindows> all = states.all()) {
      all.forEachRemaining(entry -> {
        cameras.put(entry.key, entry.value);
        changed.add(entry.key);
        if (entry.value.latest() != null) {
          updates.latestFrames().put(entry.key, entry.value.latest());
        }
      });
    }
    context.schedule(publishEvery, PunctuationType.WALL_CLOCK_TIME, now -> publishChanges());
  }

  @Override
  public void process(Record<String, FrameStats> record) {
    String camera = record.key();
    FrameStats frame = record.value();
    long timestampMs = frame.timestampMs();
    streamTimeMs = Math.max(streamTimeMs, timestampMs);
    CameraWindows state = cameras.computeIfAbsent(camera, c -> new CameraWindows(sizesMs));
    WindowAggregate one = WindowAggregate.empty().add(frame);
    for (int i = 0; i < sizesMs.length; i++) {
      long startMs = timestampMs - Math.floorMod(timestampMs, sizesMs[i]);
      if (startMs + sizesMs[i] + graceMs <= streamTimeMs) {
        continue; // this size's window has closed; the frame still counts in larger ones
      }
      TimestampedWindowStore<String, WindowAggregate> store = windowStores.get(i);
      state.add(i, startMs, one, start -> ValueAndTimestamp.getValueOrNull(store.fetch(camera, start)));
    }
    state.offerLatest(StatsProtos.toProto(frame.snapshot()));
    updates.latestFrames().put(camera, state.latest());
    retireOlder(camera, state);
    close(camera, state);
    states.put(camera, state);
    changed.add(camera);
  }

  /**
   * The task is leaving this thread (moved elsewhere, or failed and about to be revived from its
   * stores, which init reads again): its cameras' newest frames are no longer this one's to serve.
   */
  @Override
  public void close() {
    updates.latestFrames().removeAll(cameras.keySet());
  }

  /**
   * Keeps only each size's newest window in the state, which is written after every frame: an
   * older one (the window before, once a frame starts the next; or one a late frame reopened from
   * its store) is written to its store and published now, and a later late frame continues it
   * from there.
   */
  private void retireOlder(String camera, CameraWindows state) {
    for (int i = 0; i < sizesMs.length; i++) {
      List<CameraWindows.Open> windows = state.open(i);
      while (windows.size() > 1) {
        store(camera, i, windows.remove(0));
      }
    }
  }

  /** Publishes what changed since the last call and closes every camera's windows that stream time closed. */
  private void publishChanges() {
    for (Map.Entry<String, CameraWindows> entry : cameras.entrySet()) {
      String camera = entry.getKey();
      CameraWindows state = entry.getValue();
      if (close(camera, state)) {
        states.put(camera, state);
      }
      if (!changed.contains(camera)) {
        continue;
      }
      for (int i = 0; i < sizesMs.length; i++) {
        for (CameraWindows.Open window : state.open(i)) {
          announce(camera, i, window);
        }
      }
      LatestFrame latest = state.takeUnpublishedLatest();
      if (latest != null) {
        updates.latest(latest);
      }
    }
    changed.clear();
  }

  /** Removes the camera's windows that stream time closed, publishing their final counts; true if any. */
  private boolean close(String camera, CameraWindows state) {
    boolean closed = false;
    for (int i = 0; i < sizesMs.length; i++) {
      Iterator<CameraWindows.Open> windows = state.open(i).iterator();
      while (windows.hasNext()) {
        CameraWindows.Open window = windows.next();
        if (window.startMs + sizesMs[i] + graceMs > streamTimeMs) {
          break; // ascending by start: the rest are open too
        }
        store(camera, i, window);
        windows.remove();
        closed = true;
      }
    }
    return closed;
  }

  /** Writes a window leaving the state to its store, and publishes it if its count changed since it last was. */
  private void store(String camera, int i, CameraWindows.Open window) {
    windowStores.get(i).put(camera, ValueAndTimestamp.make(window.aggregate(), window.startMs + sizesMs[i] - 1),
        window.startMs);
    announce(camera, i, window);
  }

  /** Publishes a window to the stats topic and the watchers, if its count changed since it last was. */
  private void announce(String camera, int i, CameraWindows.Open window) {
    if (!window.unpublished()) {
      return;
    }
    long endMs = window.startMs + sizesMs[i];
    SceneStats stats = StatsProtos.toProto(window.aggregate().toStats(camera, window.startMs, endMs));
    // Stamped with stream time, kept inside the window: an open window's end is in the future,
    // which time retention would wait for, and brokers refuse records over an hour ahead.
    long timestampMs = Math.max(window.startMs, Math.min(endMs - 1, streamTimeMs));
    context.forward(new Record<>(camera, stats, timestampMs));
    updates.window(stats);
    window.publishedFrames = window.aggregate().frames();
  }

  /** The stores this processor reads and writes. */
  static List<String> storeNames(List<Duration> windowSizes) {
    List<String> names = new ArrayList<>();
    names.add(StatsTopology.CAMERA_STATE_STORE);
    windowSizes.forEach(size -> names.add(StatsTopology.windowStoreName(size)));
    return names;
  }
}
