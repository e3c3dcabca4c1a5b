package org.segstream.postprocess.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;

/**
 * The postprocessor's Kafka Streams topology.
 *
 * <pre>
 * masks (bytes, event time = capture time)
 *   → check: parse, validate, too late?  ──rejected──→ masks DLQ (original bytes + reason headers)
 *   → frames → count: each camera's open windows of every size and newest frame, one value per
 *              camera (store {@value #CAMERA_STATE_STORE}, which queries read); a window leaving
 *              it → window store per size {@code segstream-window-<seconds>s}; every commit
 *              interval, each changed window → the stats topic as SceneStats
 *
 * cameras (compacted, CameraStatus by camera id) → global store {@value #CAMERAS_STORE}
 * </pre>
 *
 * Keys are camera ids throughout and never change, so nothing is repartitioned.
 */
public final class StatsTopology {
  /** The global KeyValue store of ingest's {@code CameraStatus} reports by camera id. */
  public static final String CAMERAS_STORE = "segstream-camera-status";
  /** The Timer of parsing, checking and measuring each mask, on its stream thread (wall time). */
  public static final String CHECK_TIMER = "segstream.postprocess.mask.check";
  /** The Timer of the same checks in the stream thread's CPU time, for one mask in {@link #CHECK_CPU_SAMPLE} drawn at random. */
  public static final String CHECK_CPU_TIMER = "segstream.postprocess.mask.check.cpu";
  /** On average one mask in this many has its check's CPU time read. */
  public static final int CHECK_CPU_SAMPLE = 32;
  /** The KeyValue store of each camera's open windows and newest frame ({@link CameraWindows}). */
  public static final String CAMERA_STATE_STORE = "segstream-camera-windows";
  private static final String WINDOW_STORE_PREFIX = "segstream-window-";

  private StatsTopology() {}

  /** The window store of one window size, holding {@link WindowAggregate}s by camera id. */
  public static String windowStoreName(Duration windowSize) {
    return WINDOW_STORE_PREFIX + windowSize.toSeconds() + "s";
  }

  /** The topology for this config's topics, window sizes, grace and retention, with no live watchers. */
  public static Topology build(PostprocessConfig config) {
    return build(config, new StatsUpdates(), new SimpleMeterRegistry());
  }

  /**
   * The same, handing every window update and newest frame to {@code updates} as well, and timing
   * each mask's check ({@value #CHECK_TIMER}, and a sample in CPU time: {@value #CHECK_CPU_TIMER})
   * in {@code registry}: the postprocessor's costliest step per mask, so an operator sees its share
   * of the stream threads' time.
   */
  public static Topology build(PostprocessConfig config, StatsUpdates updates, MeterRegistry registry) {
    Timer checks = Timer.builder(CHECK_TIMER)
        .description("Parsing, checking and measuring one mask (blobs, class pixels, sectors) on a stream thread")
        .register(registry);
    Timer checkCpu = Timer.builder(CHECK_CPU_TIMER)
        .description("Stream-thread CPU time of the same, for one mask in " + CHECK_CPU_SAMPLE + " drawn at random")
        .register(registry);
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, CheckedMask> checked = builder
        // Set here as well as in the default config: the windows are only right with capture time.
        .stream(config.masksTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withTimestampExtractor(new MaskTimestampExtractor())
            .withName("masks"))
        .processValues(() -> new MaskCheckProcessor(config.windowSizes(), config.grace(), config.sectors(), checks,
            checkCpu),
            Named.as("check-mask"));

    var branches = checked.split(Named.as("mask-"))
        .branch((camera, mask) -> mask instanceof RejectedMask, Branched.as("rejected"))
        .defaultBranch(Branched.as("counted"));
    branches.get("mask-rejected")
        .mapValues(mask -> ((RejectedMask) mask).original(), Named.as("dead-letter-bytes"))
        .to(config.masksDlqTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("masks-dlq"));

    KStream<String, FrameStats> frames =
        branches.get("mask-counted").mapValues(mask -> (FrameStats) mask, Named.as("frame-stats"));
    countFrames(builder, frames, config, updates);
    cameraStatuses(builder, config.camerasTopic());
    return builder.build();
  }

  /**
   * A global table: camera reports are few and small, and with every instance holding all of
   * them any instance answers ListCameras for the whole fleet. A tombstone (camera removed from
   * the fleet) deletes the entry.
   */
  private static void cameraStatuses(StreamsBuilder builder, String camerasTopic) {
    builder.globalTable(camerasTopic,
        Consumed.with(Serdes.String(), org.segstream.proto.Serdes.cameraStatus()).withName("camera-statuses"),
        Materialized.<String, CameraStatus, KeyValueStore<Bytes, byte[]>>as(CAMERAS_STORE)
            .withKeySerde(Serdes.String())
            .withValueSerde(org.segstream.proto.Serdes.cameraStatus()));
  }

  /** Frames can arrive out of order (late, or a worker's retry); the latest is the last captured. */
  static LatestFrame newer(LatestFrame current, LatestFrame candidate) {
    if (candidate.getCaptureTimeUs() != current.getCaptureTimeUs()) {
      return candidate.getCaptureTimeUs() > current.getCaptureTimeUs() ? candidate : current;
    }
    return candidate.getSequence() >= current.getSequence() ? candidate : current;
  }

  /**
   * The stores {@link WindowCounter} keeps: the cameras' running state (cached, so a commit writes
   * each camera once however many frames it counted) and the views it refreshes and queries read,
   * written only on its schedule and so not cached.
   */
  private static void countFrames(StreamsBuilder builder, KStream<String, FrameStats> frames, PostprocessConfig config,
      StatsUpdates updates) {
    long[] sizesMs = config.windowSizes().stream().mapToLong(Duration::toMillis).toArray();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAMERA_STATE_STORE),
        Serdes.String(), new CameraWindowsSerde(sizesMs)).withCachingEnabled());
    for (Duration size : config.windowSizes()) {
      builder.addStateStore(Stores.timestampedWindowStoreBuilder(
          Stores.persistentTimestampedWindowStore(windowStoreName(size), config.retention(), size, false),
          Serdes.String(), new WindowAggregateSerde()));
    }
    frames.process(() -> new WindowCounter(config.windowSizes(), config.grace(), config.commitInterval(), updates),
            Named.as("count-frames"), WindowCounter.storeNames(config.windowSizes()).toArray(String[]::new))
        .to(config.statsTopic(), Produced.with(Serdes.String(), org.segstream.proto.Serdes.sceneStats())
            .withName("scene-stats"));
  }
}
