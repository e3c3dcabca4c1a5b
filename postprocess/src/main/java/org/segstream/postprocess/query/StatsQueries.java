package org.segstream.postprocess.query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.segstream.postprocess.model.CameraSummary;
import org.segstream.postprocess.model.StatsProtos;
import org.segstream.postprocess.model.WindowStats;
import org.segstream.postprocess.topology.CameraWindows;
import org.segstream.postprocess.topology.WindowAggregate;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;

/**
 * Reads scene statistics from the postprocessor's state stores and returns domain records. Every
 * method throws {@link StoresUnavailableException} while the stores cannot be read.
 */
public final class StatsQueries {
  private final StatsStores stores;
  private final List<Duration> windowSizes;

  /** Queries against the local stores of a {@code KafkaStreams} running {@code StatsTopology}. */
  public StatsQueries(KafkaStreams streams, List<Duration> windowSizes) {
    this(new KafkaStreamsStores(streams), windowSizes);
  }

  public StatsQueries(StatsStores stores, List<Duration> windowSizes) {
    if (windowSizes.isEmpty()) {
      throw new IllegalArgumentException("windowSizes needs at least one size");
    }
    this.stores = stores;
    this.windowSizes = windowSizes.stream().sorted().toList();
  }

  /** Which instance holds the camera's state. */
  public Placement placement(String cameraId) {
    return read(() -> stores.placement(cameraId));
  }

  /** The other instances' advertised gRPC addresses. */
  public List<HostInfo> otherInstances() {
    return read(stores::otherInstances);
  }

  /** The window sizes aggregated, ascending. */
  public List<Duration> windowSizes() {
    return windowSizes;
  }

  /**
   * Every camera with a counted frame or a health report from ingest, ascending by id, each with
   * its report when there is one.
   */
  public List<CameraSummary> listCameras() {
    return read(() -> {
      Map<String, CameraSummary> cameras = new TreeMap<>();
      try (KeyValueIterator<String, CameraWindows> all = stores.cameraWindows().all()) {
        all.forEachRemaining(entry -> {
          if (entry.value.latest() != null) {
            cameras.put(entry.key, StatsProtos.fromProto(entry.value.latest()).camera());
          }
        });
      }
      try (KeyValueIterator<String, CameraStatus> all = stores.cameraStatuses().all()) {
        all.forEachRemaining(entry -> cameras.merge(entry.key, CameraSummary.reportedOnly(entry.value),
            (counted, reported) -> counted.withStatus(reported.status())));
      }
      return List.copyOf(cameras.values());
    });
  }

  /** The camera's newest counted frame, as the wire message the state holds; empty for a camera with none. */
  public Optional<LatestFrame> latest(String cameraId) {
    return read(() -> Optional.ofNullable(stores.cameraWindows().get(cameraId)).map(CameraWindows::latest));
  }

  /**
   * The camera's windows of one size that start in {@code [from, to]}, ascending by start.
   *
   * @throws IllegalArgumentException for a size that is not aggregated
   */
  public List<WindowStats> windows(String cameraId, Duration windowSize, Instant from, Instant to) {
    return windows(cameraId, windowSize, from, to, Integer.MAX_VALUE);
  }

  /** As {@link #windows(String, Duration, Instant, Instant)}, at most {@code limit} of them, the earliest. */
  public List<WindowStats> windows(String cameraId, Duration windowSize, Instant from, Instant to, int limit) {
    if (!windowSizes.contains(windowSize)) {
      throw new IllegalArgumentException("window size " + windowSize + " is not one of " + windowSizes);
    }
    // Window starts are whole milliseconds: round the lower bound up so none before `from` slips in.
    Instant fromMs = from.plus(999_999, ChronoUnit.NANOS).truncatedTo(ChronoUnit.MILLIS);
    if (fromMs.isAfter(to)) {
      return List.of();
    }
    return read(() -> {
      SortedMap<Long, WindowAggregate> byStart = new TreeMap<>();
      try (WindowStoreIterator<WindowAggregate> it = stores.windows(windowSize).fetch(cameraId, fromMs, to)) {
        while (it.hasNext() && byStart.size() < limit) {
          KeyValue<Long, WindowAggregate> entry = it.next();
          byStart.put(entry.key, entry.value);
        }
      }
      CameraWindows state = stores.cameraWindows().get(cameraId);
      if (state != null) {
        byStart.putAll(inRange(state.openWindows(windowSize), fromMs, to));
      }
      List<WindowStats> windows = new ArrayList<>();
      for (var entry : byStart.entrySet()) {
        if (windows.size() == limit) {
          break;
        }
        windows.add(entry.getValue().toStats(cameraId, entry.getKey(), entry.getKey() + windowSize.toMillis()));
      }
      return windows;
    });
  }

  /** Open windows starting in {@code [from, to]}. */
  private static SortedMap<Long, WindowAggregate> inRange(SortedMap<Long, WindowAggregate> open, Instant from,
      Instant to) {
    return open.subMap(from.toEpochMilli(), to.toEpochMilli() + 1);
  }

  /**
   * Fleet-wide windows of one size that start in {@code [from, to]}, ascending: every camera's
   * window of the same start merged (camera id empty). Only cameras whose partitions this instance
   * holds are included.
   *
   * @throws IllegalArgumentException for a size that is not aggregated
   */
  public List<WindowStats> fleetWindows(Duration windowSize, Instant from, Instant to) {
    if (!windowSizes.contains(windowSize)) {
      throw new IllegalArgumentException("window size " + windowSize + " is not one of " + windowSizes);
    }
    Instant fromMs = from.plus(999_999, ChronoUnit.NANOS).truncatedTo(ChronoUnit.MILLIS);
    if (fromMs.isAfter(to)) {
      return List.of();
    }
    return read(() -> {
      // By camera first: a window leaving a camera's state is in its store before the state is
      // written back, and a query between the two must count it once.
      Map<String, SortedMap<Long, WindowAggregate>> byCamera = new HashMap<>();
      try (KeyValueIterator<Windowed<String>, WindowAggregate> it = stores.windows(windowSize).fetchAll(fromMs, to)) {
        it.forEachRemaining(entry -> byCamera.computeIfAbsent(entry.key.key(), camera -> new TreeMap<>())
            .put(entry.key.window().start(), entry.value));
      }
      try (KeyValueIterator<String, CameraWindows> states = stores.cameraWindows().all()) {
        states.forEachRemaining(state -> byCamera.computeIfAbsent(state.key, camera -> new TreeMap<>())
            .putAll(inRange(state.value.openWindows(windowSize), fromMs, to)));
      }
      SortedMap<Long, WindowAggregate> byStart = new TreeMap<>();
      byCamera.values().forEach(camera -> camera.forEach((start, aggregate) ->
          byStart.merge(start, aggregate, WindowAggregate::mergeForFleet)));
      List<WindowStats> windows = new ArrayList<>(byStart.size());
      // A single camera's aggregate is merged with the empty one so the fleet view drops its sectors too.
      byStart.forEach((startMs, aggregate) -> windows.add(WindowAggregate.empty().mergeForFleet(aggregate)
          .toStats("", startMs, startMs + windowSize.toMillis())));
      return windows;
    });
  }

  private static <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw new StoresUnavailableException("state stores are not queryable now: " + e.getMessage(), e);
    }
  }
}
