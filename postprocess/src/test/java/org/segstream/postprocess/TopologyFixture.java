package org.segstream.postprocess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.segstream.postprocess.query.StatsStores;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.postprocess.topology.WindowAggregate;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.SceneStats;

/** The real topology in a {@link TopologyTestDriver}, with its topics and its stores. */
public final class TopologyFixture implements AutoCloseable {
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> masks;
  private final TestOutputTopic<String, byte[]> dlq;
  private final TestOutputTopic<String, SceneStats> stats;
  private final TestInputTopic<String, CameraStatus> cameras;
  private final StatsUpdates updates = new StatsUpdates();
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final Duration commitInterval;

  public TopologyFixture(Path stateDir, List<Duration> windowSizes, Duration grace) {
    PostprocessConfig config = config(stateDir, windowSizes, grace);
    Properties props = config.streamsProperties();
    commitInterval = config.commitInterval();
    driver = new TopologyTestDriver(StatsTopology.build(config, updates, registry), props);
    masks = driver.createInputTopic(Topics.MASKS, new StringSerializer(), new ByteArraySerializer());
    dlq = driver.createOutputTopic(Topics.MASKS_DLQ, new StringDeserializer(), new ByteArrayDeserializer());
    stats = driver.createOutputTopic(Topics.STATS, new StringDeserializer(),
        org.segstream.proto.Serdes.sceneStats().deserializer());
    cameras = driver.createInputTopic(Topics.CAMERAS, new StringSerializer(),
        org.segstream.proto.Serdes.cameraStatus().serializer());
  }

  /** The topology's meters (the mask-check timer). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  /** What the topology hands live watchers. */
  public StatsUpdates updates() {
    return updates;
  }

  /** Sends ingest's report on a camera, as ingest keys it. */
  public void report(CameraStatus status) {
    cameras.pipeInput(status.getCameraId(), status);
  }

  /** Sends the tombstone ingest writes for a camera removed from its fleet. */
  public void removeCamera(String cameraId) {
    cameras.pipeInput(cameraId, null);
  }

  /** 10 s windows with 5 s grace, the defaults. */
  public TopologyFixture(Path stateDir) {
    this(stateDir, List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5));
  }

  public static PostprocessConfig config(Path stateDir, List<Duration> windowSizes, Duration grace) {
    PostprocessConfig d = PostprocessConfig.defaults("127.0.0.1:9");
    return new PostprocessConfig(d.bootstrapServers(), "postprocess-test", d.masksTopic(), d.statsTopic(),
        d.masksDlqTopic(), d.camerasTopic(), windowSizes, grace, d.retention(), stateDir, d.grpcHost(), 0, d.commitInterval(), 0, d.sectors(), "", GrpcSecurity.NONE);
  }

  /**
   * Sends a mask keyed by its camera, then lets a commit interval of wall-clock time pass: the
   * topology refreshes its queryable stores and publishes window updates on that schedule.
   */
  public void pipe(Mask mask) {
    pipe(mask.getCameraId(), mask.toByteArray());
  }

  /** Sends a mask in a record stamped {@code recordTime} (the publishing worker's clock), then lets a commit interval pass. */
  public void pipe(Mask mask, java.time.Instant recordTime) {
    masks.pipeInput(mask.getCameraId(), mask.toByteArray(), recordTime);
    driver.advanceWallClockTime(commitInterval);
  }

  /** Sends any bytes under any key, then lets a commit interval pass. */
  public void pipe(String key, byte[] value) {
    masks.pipeInput(key, value);
    driver.advanceWallClockTime(commitInterval);
  }

  /** Sends masks within one commit interval: nothing is published until {@link #letCommitIntervalPass}. */
  public void pipeAtOnce(Mask... batch) {
    for (Mask mask : batch) {
      masks.pipeInput(mask.getCameraId(), mask.toByteArray());
    }
  }

  public void letCommitIntervalPass() {
    driver.advanceWallClockTime(commitInterval);
  }

  /** A window store as the topology writes it, to stage what an earlier version left there. */
  public org.apache.kafka.streams.state.WindowStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<WindowAggregate>>
      writableWindows(Duration windowSize) {
    return driver.getTimestampedWindowStore(StatsTopology.windowStoreName(windowSize));
  }

  public TestOutputTopic<String, byte[]> dlq() {
    return dlq;
  }

  public TestOutputTopic<String, SceneStats> stats() {
    return stats;
  }

  /** The camera's newest frame as GetLatest reads it, from the camera's state; null before its first frame. */
  public LatestFrame latest(String camera) {
    org.segstream.postprocess.topology.CameraWindows state = stores().cameraWindows().get(camera);
    return state == null ? null : state.latest();
  }

  /** The camera's windows of {@code size} as queries read them: closed ones from the window store, open ones from the state. */
  public List<org.segstream.postprocess.model.WindowStats> windows(String camera, Duration size) {
    return new org.segstream.postprocess.query.StatsQueries(stores(), List.of(size))
        .windows(camera, size, java.time.Instant.EPOCH, java.time.Instant.now());
  }

  /** Frames counted in each of the camera's windows of {@code size} in the window store (those that left its state). */
  public List<Long> storedFrames(String camera, Duration size) {
    try (var it = stores().windows(size).fetch(camera, java.time.Instant.EPOCH, java.time.Instant.now())) {
      List<Long> out = new java.util.ArrayList<>();
      it.forEachRemaining(kv -> out.add(kv.value.frames()));
      return out;
    }
  }

  /** The driver's state stores, as the query layer reads them. */
  public StatsStores stores() {
    return new StatsStores() {
      @Override
      public ReadOnlyKeyValueStore<String, CameraStatus> cameraStatuses() {
        return driver.getKeyValueStore(StatsTopology.CAMERAS_STORE);
      }

      @Override
      public ReadOnlyWindowStore<String, WindowAggregate> windows(Duration windowSize) {
        return driver.getWindowStore(StatsTopology.windowStoreName(windowSize));
      }

      @Override
      public ReadOnlyKeyValueStore<String, org.segstream.postprocess.topology.CameraWindows> cameraWindows() {
        return driver.getKeyValueStore(StatsTopology.CAMERA_STATE_STORE);
      }
    };
  }

  @Override
  public void close() {
    driver.close();
  }
}
