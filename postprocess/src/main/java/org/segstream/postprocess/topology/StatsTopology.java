package org.segstream.postprocess.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.model.StatsProtos;
import org.segstream.postprocess.watch.StatsUpdates;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;

/**
 * The postprocessor's Kafka Streams topology.
 *
 * <pre>
 * masks (bytes, event time = capture time)
 *   → check: parse, validate, too late?  ──rejected──→ masks DLQ (original bytes + reason headers)
 *   → frames ─┬→ latest frame per camera (KeyValue store {@value #LATEST_STORE})
 *             └→ per window size: tumbling window aggregate per camera (window store
 *                {@code segstream-window-<seconds>s}) → every update to the stats topic as SceneStats
 *
 * cameras (compacted, CameraStatus by camera id) → global store {@value #CAMERAS_STORE}
 * </pre>
 *
 * Keys are camera ids throughout and never change, so nothing is repartitioned.
 */
public final class StatsTopology {
  /** The KeyValue store of each camera's newest frame, as a {@code LatestFrame}. */
  public static final String LATEST_STORE = "segstream-latest-frame";
  /** The global KeyValue store of ingest's {@code CameraStatus} reports by camera id. */
  public static final String CAMERAS_STORE = "segstream-camera-status";
  /** The Timer of parsing, checking and measuring each mask, on its stream thread (wall time). */
  public static final String CHECK_TIMER = "segstream.postprocess.mask.check";
  /** The Timer of the same checks in the stream thread's CPU time, for one mask in {@link #CHECK_CPU_SAMPLE} drawn at random. */
  public static final String CHECK_CPU_TIMER = "segstream.postprocess.mask.check.cpu";
  /** On average one mask in this many has its check's CPU time read. */
  public static final int CHECK_CPU_SAMPLE = 32;
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
    latestFrames(frames, updates);
    for (Duration size : config.windowSizes()) {
      windows(frames, size, config, updates);
    }
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

  private static void latestFrames(KStream<String, FrameStats> frames, StatsUpdates updates) {
    frames.mapValues(frame -> StatsProtos.toProto(frame.snapshot()), Named.as("latest-frame"))
        .groupByKey(Grouped.with(Serdes.String(), org.segstream.proto.Serdes.latestFrame()))
        .reduce(StatsTopology::newer, Named.as("keep-newest-frame"),
            Materialized.<String, LatestFrame, KeyValueStore<Bytes, byte[]>>as(LATEST_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(org.segstream.proto.Serdes.latestFrame()))
        .toStream(Named.as("newest-frames"))
        .foreach((camera, frame) -> updates.latest(frame), Named.as("watch-newest-frames"));
  }

  /** Frames can arrive out of order (late, or a worker's retry); the latest is the last captured. */
  static LatestFrame newer(LatestFrame current, LatestFrame candidate) {
    if (candidate.getCaptureTimeUs() != current.getCaptureTimeUs()) {
      return candidate.getCaptureTimeUs() > current.getCaptureTimeUs() ? candidate : current;
    }
    return candidate.getSequence() >= current.getSequence() ? candidate : current;
  }

  private static void windows(KStream<String, FrameStats> frames, Duration size, PostprocessConfig config,
      StatsUpdates updates) {
    Duration grace = config.grace();
    Duration retention = config.retention();
    String statsTopic = config.statsTopic();
    String name = windowStoreName(size);
    frames.groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
        .aggregate(WindowAggregate::empty, (camera, frame, aggregate) -> aggregate.add(frame),
            Named.as(name + "-aggregate"),
            Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(new WindowAggregateSerde())
                .withRetention(retention))
        .toStream(Named.as(name + "-updates"))
        .map((window, aggregate) -> KeyValue.pair(window.key(), StatsProtos.toProto(
            aggregate.toStats(window.key(), window.window().start(), window.window().end()))),
            Named.as(name + "-scene-stats"))
        .peek((camera, stats) -> updates.window(stats), Named.as(name + "-watch"))
        .to(statsTopic, Produced.with(Serdes.String(), org.segstream.proto.Serdes.sceneStats())
            .withName(name + "-stats"));
  }
}
