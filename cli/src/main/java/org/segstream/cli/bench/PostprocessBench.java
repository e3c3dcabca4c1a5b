package org.segstream.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.cli.PipelineTopics;
import org.segstream.cli.TempDirs;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.Postprocessor;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.WatchStatsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The postprocessor's figures: masks per second through its topology on one thread, GetLatest
 * latency under a steady call rate, and how soon a watcher sees a counted mask, each against a
 * baseline measured in the same run.
 */
@Command(name = "postprocess", mixinStandardHelpOptions = true,
    description = "Masks/s per core through the topology (vs parsing alone); GetLatest latency at a call rate "
        + "(vs the health check); WatchStats delay from mask sent to update received.")
final class PostprocessBench implements Callable<Integer> {
  private static final int WIDTH = 1024;
  private static final int HEIGHT = 512;
  private static final int CAMERAS = 16;
  // The JIT counts as quiet when it compiled for at most this long during 2 s of calls.
  private static final long QUIET_JIT_MS = 50;
  private static final Duration MAX_WARM_UP = Duration.ofSeconds(60);

  @Option(names = "--masks", defaultValue = "20000", description = "Masks through the topology (default ${DEFAULT-VALUE}).")
  int masks;

  @Option(names = "--rate", defaultValue = "2000", description = "GetLatest calls per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "10", description = "Seconds of calls at that rate (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--watch-samples", defaultValue = "30", description = "Masks timed to the watcher (default ${DEFAULT-VALUE}).")
  int watchSamples;

  @Override
  public Integer call() throws Exception {
    Path dir = TempDirs.create("segstream-bench-postprocess-");
    List<byte[]> maps = StreetMasks.classMaps(dir, 4, WIDTH, HEIGHT);
    // The latencies first, as a serving instance's JVM carries none of the throughput measurements'
    // leftovers: after them 0.9 GB of heap stayed live and GetLatest's p99 was 12–14 ms, against
    // 5–6 ms measured first.
    live(dir, maps.get(0));
    List<byte[]> records = new ArrayList<>(masks);
    List<String> keys = new ArrayList<>(masks);
    long t0 = EpochMicros.now() - 3_600_000_000L;
    for (int i = 0; i < masks; i++) {
      String camera = "street-" + (i % CAMERAS);
      keys.add(camera);
      records.add(StreetMasks.mask(maps.get(i % maps.size()), WIDTH, HEIGHT, camera, i / CAMERAS,
          t0 + (i / CAMERAS) * 100_000L).toByteArray());
    }
    System.out.printf(Locale.ROOT, "%d masks of %dx%d street scenes (RLE, %d bytes on average), %d cameras%n",
        masks, WIDTH, HEIGHT, records.stream().mapToInt(r -> r.length).sum() / masks, CAMERAS);
    TopologyThroughput.Result t = TopologyThroughput.measure(records, keys, dir.resolve("driver-state"));
    System.out.printf(Locale.ROOT, "topology test driver     %8.0f masks/s (parse + class counts alone %8.0f masks/s; "
        + "ratio %.2f)%n", t.topology(), t.parseOnly(), t.topology() / t.parseOnly());
    System.out.printf(Locale.ROOT, "parse + blobs alone      %8.0f masks/s (the topology's work per mask before any state: "
        + "its ceiling here)%n", t.measureOnly());
    StreamThreadThroughput.Result live = StreamThreadThroughput.measure(records, keys, masks / 4,
        dir.resolve("live-state"));
    System.out.printf(Locale.ROOT, "Kafka Streams, deployed  %8.0f masks per stream-thread CPU-second (%d masks in %.1f s "
        + "of its CPU, %.1f s wall, after %d untimed; ratio to parsing alone %.2f, to parse + blobs alone %.2f)%n",
        live.perCore(), live.masks(), live.cpuSeconds(), live.wallSeconds(), masks - live.masks(),
        live.perCore() / t.parseOnly(), live.perCore() / t.measureOnly());
    // The postprocessor times its own checks on the stream thread, so the split comes from the same
    // masks at the same moment (parsing and measuring alone, above, is timed at another moment and
    // this VM's speed moves between the two); in CPU time, as the figure is, since the check's wall
    // time also counts the moments the thread waited for a core.
    double deployedUs = 1e6 / live.perCore();
    double checkUs = live.checks().cpuUs();
    System.out.printf(Locale.ROOT, "  per mask: %.1f us of stream-thread CPU, of which the mask check (parse, validate, "
        + "measure; the postprocessor's CPU timer, %.0f sampled checks) %.1f us (%.0f%%) and Kafka Streams' own work "
        + "(poll, windows, latest frame, commits) %.1f us; the check's wall time %.1f us%n", deployedUs,
        live.checks().cpuCount(), checkUs, 100 * checkUs / deployedUs, deployedUs - checkUs, live.checks().wallUs());
    System.out.printf(Locale.ROOT, "  heap allocated per mask by the stream thread: %.1f KB (the mask itself is %.1f KB)%n",
        live.allocatedBytes() / 1024.0 / live.masks(), records.stream().mapToInt(r -> r.length).sum() / 1024.0 / masks);
    StreamThreadThroughput.Result floor = StreamThreadThroughput.passThrough(records, keys, masks / 4,
        dir.resolve("pass-through-state"));
    System.out.printf(Locale.ROOT, "Kafka Streams, pass-through %5.0f masks per stream-thread CPU-second (the same settings "
        + "and masks, a topology doing nothing with them: %.1f us and %.1f KB of heap a mask; the deployed figure is "
        + "%.2f of it)%n", floor.perCore(), 1e6 / floor.perCore(), floor.allocatedBytes() / 1024.0 / floor.masks(),
        live.perCore() / floor.perCore());
    return 0;
  }

  private void live(Path dir, byte[] map) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(PipelineTopics.all(1));
      PostprocessConfig config = PostprocessConfig.defaults(kafka.bootstrapServers()).withGrpc("127.0.0.1", 0)
          .withStateDir(dir.resolve("state"));
      try (Postprocessor postprocessor = Postprocessor.start(config);
          KafkaProducer<String, byte[]> producer = producer(kafka);
          LiveQueries queries = new LiveQueries(postprocessor.grpcPort())) {
        if (!postprocessor.awaitRunning(Duration.ofSeconds(60))) {
          throw new IllegalStateException("postprocessor did not start");
        }
        Duration watchFor = Duration.ofSeconds(60 + 2L * seconds + watchSamples);
        Iterator<WatchStatsResponse> watch = queries.watch("street-0", watchFor);
        // The watch subscribes when the server gets the call: give it a moment before the first mask.
        Thread.sleep(500);
        producer.send(new ProducerRecord<>(Topics.MASKS, "street-0",
            StreetMasks.mask(map, WIDTH, HEIGHT, "street-0", 0, EpochMicros.now()).toByteArray())).get();
        awaitCounted(watch, 0);
        Duration load = Duration.ofSeconds(seconds);
        warmUp(queries);
        // In alternating halves, so a change in the VM's speed during the run falls on both.
        Duration half = load.dividedBy(2);
        LiveQueries.Measured health = new LiveQueries.Measured();
        LiveQueries.Measured latest = new LiveQueries.Measured();
        for (int turn = 0; turn < 2; turn++) {
          health.add(() -> queries.health(rate, half));
          latest.add(() -> queries.getLatest("street-0", rate, half));
        }
        System.out.printf(Locale.ROOT, "GetLatest at %d/s       %s; heap %.1f KB and CPU %.0f us a call (whole JVM)%n",
            rate, LiveQueries.percentiles(latest.latencies()), latest.kilobytesPerCall(), latest.cpuMicrosPerCall());
        System.out.printf(Locale.ROOT, "health check at %d/s   %s; heap %.1f KB and CPU %.0f us a call (the same server "
            + "and channel, no store read)%n", rate, LiveQueries.percentiles(health.latencies()), health.kilobytesPerCall(),
            health.cpuMicrosPerCall());
        watchDelay(producer, watch, map);
      }
    }
  }

  /**
   * Untimed calls at the same rate until the JIT has gone quiet: the figure is a serving
   * instance's steady state, and on two cores the C2 compiler still at work took a core from the
   * calls (its thread was at 65 % of one in the first seconds).
   */
  private void warmUp(LiveQueries queries) throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long started = System.nanoTime();
    long compiling;
    int passes = 0;
    do {
      long before = jit.getTotalCompilationTime();
      queries.health(rate, Duration.ofSeconds(1));
      queries.getLatest("street-0", rate, Duration.ofSeconds(1));
      compiling = jit.getTotalCompilationTime() - before;
    } while (++passes < 3 || compiling > QUIET_JIT_MS && System.nanoTime() - started < MAX_WARM_UP.toNanos());
    System.out.printf(Locale.ROOT, "warm-up: %.0f s of calls, the JIT compiling %d ms in its last 2 s%n",
        (System.nanoTime() - started) / 1e9, compiling);
  }

  /** Sends masks one at a time and times each until the watcher sees its newest frame. */
  private void watchDelay(KafkaProducer<String, byte[]> producer, Iterator<WatchStatsResponse> watch, byte[] map)
      throws Exception {
    Histogram delays = new Histogram(60_000_000L, 3);
    for (int seq = 1; seq <= watchSamples; seq++) {
      long sent = System.nanoTime();
      producer.send(new ProducerRecord<>(Topics.MASKS, "street-0",
          StreetMasks.mask(map, WIDTH, HEIGHT, "street-0", seq, EpochMicros.now()).toByteArray()));
      awaitCounted(watch, seq);
      delays.recordValue((System.nanoTime() - sent) / 1000);
    }
    System.out.printf(Locale.ROOT, "WatchStats delay       %s from mask sent to its frame on the watch "
        + "(Kafka Streams commits every %d ms under exactly-once)%n", LiveQueries.percentiles(delays),
        PostprocessConfig.defaults("x").commitInterval().toMillis());
  }

  private static void awaitCounted(Iterator<WatchStatsResponse> watch, long sequence) {
    while (watch.hasNext()) {
      WatchStatsResponse update = watch.next();
      if (update.hasLatest() && update.getLatest().getSequence() >= sequence) {
        return;
      }
    }
    throw new IllegalStateException("the watch ended before frame " + sequence + " was counted");
  }

  /** A producer for large masks, sending at once (no linger): the benches time from the send. */
  static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES, ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer());
  }
}
