package org.segstream.cli.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.segstream.cli.PipelineTopics;
import org.segstream.client.stats.StatsClient;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.Postprocessor;
import org.segstream.postprocess.topology.MaskTimestampExtractor;
import org.segstream.proto.Topics;

/**
 * Masks per CPU-second of the postprocessor's stream thread, as it runs in a deployment: a real
 * Kafka Streams instance (exactly-once, record caches, commits every 100 ms) on the embedded
 * broker works through masks put on its topic beforehand, as a loaded instance finds its input.
 * Only the stream thread's CPU time counts (with its producer's I/O thread), so the broker and the
 * bench's producer sharing this machine do not; its heap allocation is counted the same way. And
 * only in steady state: the clock is read, with the thread's count of
 * processed records (Kafka Streams' {@code process-total}), once the first part of the masks is
 * through (start, group join, store creation and the JIT's first compilations behind it), and
 * again at the end.
 */
final class StreamThreadThroughput {
  private static final String PROCESSED = "kafka_stream_thread_process_total";
  private static final String CHECK = "segstream_postprocess_mask_check_seconds";
  private static final String CHECK_CPU = "segstream_postprocess_mask_check_cpu_seconds";

  private StreamThreadThroughput() {}

  /**
   * @param checks the postprocessor's own timings of its mask checks (parse, validate, measure) on
   *     its stream thread, over the same masks; none where nothing checks masks
   */
  record Result(long masks, double cpuSeconds, double wallSeconds, long allocatedBytes, CheckTimes checks) {
    double perCore() {
      return masks / cpuSeconds;
    }
  }

  /**
   * Sums and counts of the check timers: wall time of every mask's check, stream-thread CPU time of
   * a sample of them.
   */
  record CheckTimes(double wallSeconds, double wallCount, double cpuSeconds, double cpuCount) {
    static final CheckTimes NONE = new CheckTimes(0, 0, 0, 0);

    CheckTimes minus(CheckTimes earlier) {
      return new CheckTimes(wallSeconds - earlier.wallSeconds, wallCount - earlier.wallCount,
          cpuSeconds - earlier.cpuSeconds, cpuCount - earlier.cpuCount);
    }

    /** Mean wall time of a check in microseconds; NaN if none was timed. */
    double wallUs() {
      return 1e6 * wallSeconds / wallCount;
    }

    /** Mean CPU time of a sampled check in microseconds; NaN if none was sampled. */
    double cpuUs() {
      return 1e6 * cpuSeconds / cpuCount;
    }
  }

  /** Times the masks processed after the first {@code warmup} of {@code records}. */
  static Result measure(List<byte[]> records, List<String> keys, int warmup, Path stateDir) throws Exception {
    try (EmbeddedKafka kafka = preloaded(records, keys)) {
      PostprocessConfig config = PostprocessConfig.defaults(kafka.bootstrapServers()).withGrpc("127.0.0.1", 0)
          .withStateDir(stateDir);
      try (Postprocessor postprocessor = Postprocessor.start(config)) {
        LongSupplier processed = () -> processed(postprocessor);
        return timed(processed, () -> checkTimes(postprocessor), warmup, () -> {
          ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", postprocessor.grpcPort())
              .usePlaintext().build();
          try {
            awaitCounted(new StatsClient(channel, Duration.ofSeconds(2)), masksPerCamera(keys));
          } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
          }
        });
      }
    }
  }

  /**
   * The floor under that figure: Kafka Streams with the postprocessor's settings (exactly-once,
   * commit interval, its timestamp extractor) reading the same masks into a topology that does
   * nothing with them, timed the same way.
   */
  static Result passThrough(List<byte[]> records, List<String> keys, int warmup, Path stateDir) throws Exception {
    try (EmbeddedKafka kafka = preloaded(records, keys)) {
      PostprocessConfig config = PostprocessConfig.defaults(kafka.bootstrapServers()).withStateDir(stateDir);
      Properties properties = config.streamsProperties();
      properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "segstream-bench-pass-through");
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream(config.masksTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray())
          .withTimestampExtractor(new MaskTimestampExtractor())).foreach((camera, mask) -> { });
      try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
        streams.start();
        LongSupplier processed = () -> processed(streams);
        return timed(processed, () -> CheckTimes.NONE, warmup, () -> awaitProcessed(processed, records.size()));
      }
    }
  }

  /** A broker with every mask already on the masks topic. */
  private static EmbeddedKafka preloaded(List<byte[]> records, List<String> keys) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      kafka.createTopics(PipelineTopics.all(1));
      try (KafkaProducer<String, byte[]> producer = PostprocessBench.producer(kafka)) {
        for (int i = 0; i < records.size(); i++) {
          producer.send(new ProducerRecord<>(Topics.MASKS, keys.get(i), records.get(i)));
        }
        producer.flush();
      }
      return kafka;
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
  }

  /** An action that waits for the last record to be done. */
  private interface Await {
    void run() throws Exception;
  }

  /** Reads the clocks once {@code warmup} records are processed and again once {@code done} returns. */
  private static Result timed(LongSupplier processed, Supplier<CheckTimes> checks, long warmup, Await done)
      throws Exception {
    long firstProcessed = awaitProcessed(processed, warmup);
    double firstCpu = streamThreadCpuSeconds();
    long firstAllocated = streamThreadAllocatedBytes();
    CheckTimes firstChecks = checks.get();
    long start = System.nanoTime();
    done.run();
    double cpu = streamThreadCpuSeconds() - firstCpu;
    long allocated = streamThreadAllocatedBytes() - firstAllocated;
    return new Result(processed.getAsLong() - firstProcessed, cpu, (System.nanoTime() - start) / 1e9, allocated,
        checks.get().minus(firstChecks));
  }

  /** Waits until the stream threads have processed {@code count} records; returns how many they have. */
  private static long awaitProcessed(LongSupplier processed, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      long now = processed.getAsLong();
      if (now >= count) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka Streams processed " + now + " of " + count + " masks");
      }
      Thread.sleep(5);
    }
  }

  /** The stream threads' processed records, from Kafka Streams' own metrics. */
  private static long processed(KafkaStreams streams) {
    double total = 0;
    for (var metric : streams.metrics().entrySet()) {
      if (metric.getKey().name().equals("process-total") && metric.getKey().group().equals("stream-thread-metrics")) {
        total += ((Number) metric.getValue().metricValue()).doubleValue();
      }
    }
    return (long) total;
  }

  /** The stream threads' processed records, from the postprocessor's Prometheus metrics. */
  private static long processed(Postprocessor postprocessor) {
    return (long) metric(postprocessor, PROCESSED);
  }

  private static CheckTimes checkTimes(Postprocessor postprocessor) {
    return new CheckTimes(metric(postprocessor, CHECK + "_sum"), metric(postprocessor, CHECK + "_count"),
        metric(postprocessor, CHECK_CPU + "_sum"), metric(postprocessor, CHECK_CPU + "_count"));
  }

  /** A metric of the postprocessor's Prometheus scrape, summed over its labels. */
  private static double metric(Postprocessor postprocessor, String name) {
    double total = 0;
    boolean found = false;
    for (String line : postprocessor.scrape().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("the postprocessor's metrics have no " + name);
    }
    return total;
  }

  /** Masks per camera; the bench numbers each camera's masks from 0. */
  private static Map<String, Long> masksPerCamera(List<String> keys) {
    Map<String, Long> masks = new java.util.HashMap<>();
    for (String key : keys) {
      masks.merge(key, 1L, Long::sum);
    }
    return masks;
  }

  /** Polls each camera's newest frame until it is the camera's last mask. */
  private static void awaitCounted(StatsClient client, Map<String, Long> masksPerCamera) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    for (var camera : masksPerCamera.entrySet()) {
      while (true) {
        try {
          if (client.latest(camera.getKey()).getSequence() >= camera.getValue() - 1) {
            break;
          }
        } catch (StatusRuntimeException e) {
          // Not counted yet (NOT_FOUND) or the stores are still starting (UNAVAILABLE).
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the postprocessor did not count every mask of " + camera.getKey());
        }
        Thread.sleep(20);
      }
    }
  }

  private static double streamThreadCpuSeconds() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos = sumOverStreamThreads(id -> Math.max(0, threads.getThreadCpuTime(id)));
    if (nanos == 0) {
      throw new IllegalStateException("no Kafka Streams thread found to time");
    }
    return nanos / 1e9;
  }

  /** Heap bytes the stream threads have allocated (HotSpot counts them per thread). */
  private static long streamThreadAllocatedBytes() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return sumOverStreamThreads(id -> Math.max(0, threads.getThreadAllocatedBytes(id)));
  }

  /**
   * A per-thread count summed over the stream threads, each with its producer's I/O thread (named
   * after it): a deployment needs that thread's CPU as much as the stream thread's own.
   */
  private static long sumOverStreamThreads(java.util.function.LongUnaryOperator perThread) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("-StreamThread-")) {
        sum += perThread.applyAsLong(t.getId());
      }
    }
    return sum;
  }
}
