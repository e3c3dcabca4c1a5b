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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.segstream.cli.PipelineTopics;
import org.segstream.client.stats.StatsClient;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.Postprocessor;
import org.segstream.proto.Topics;

/**
 * Masks per CPU-second of the postprocessor's stream thread, as it runs in a deployment: a real
 * Kafka Streams instance (exactly-once, record caches, commits every 100 ms) on the embedded
 * broker works through masks put on its topic beforehand, as a loaded instance finds its input.
 * Only the stream thread's own CPU time counts, so the broker and the producer sharing this
 * machine do not; and only in steady state: the clock is read, with the thread's count of
 * processed records (Kafka Streams' {@code process-total}), once the first part of the masks is
 * through (start, group join, store creation and the JIT's first compilations behind it), and
 * again at the end.
 */
final class StreamThreadThroughput {
  private static final String PROCESSED = "kafka_stream_thread_process_total";

  private StreamThreadThroughput() {}

  record Result(long masks, double cpuSeconds, double wallSeconds) {
    double perCore() {
      return masks / cpuSeconds;
    }
  }

  /** Times the masks processed after the first {@code warmup} of {@code records}. */
  static Result measure(List<byte[]> records, List<String> keys, int warmup, Path stateDir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(PipelineTopics.all(1));
      try (KafkaProducer<String, byte[]> producer = PostprocessBench.producer(kafka)) {
        for (int i = 0; i < records.size(); i++) {
          producer.send(new ProducerRecord<>(Topics.MASKS, keys.get(i), records.get(i)));
        }
        producer.flush();
      }
      PostprocessConfig config = PostprocessConfig.defaults(kafka.bootstrapServers()).withGrpc("127.0.0.1", 0)
          .withStateDir(stateDir);
      try (Postprocessor postprocessor = Postprocessor.start(config)) {
        long firstProcessed = awaitProcessed(postprocessor, warmup);
        double firstCpu = streamThreadCpuSeconds();
        long start = System.nanoTime();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", postprocessor.grpcPort()).usePlaintext()
            .build();
        try {
          awaitCounted(new StatsClient(channel, Duration.ofSeconds(2)), masksPerCamera(keys));
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        double cpu = streamThreadCpuSeconds() - firstCpu;
        return new Result(processed(postprocessor) - firstProcessed, cpu, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** Waits until the stream thread has processed {@code count} records; returns how many it has. */
  private static long awaitProcessed(Postprocessor postprocessor, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      long processed = processed(postprocessor);
      if (processed >= count) {
        return processed;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the postprocessor processed " + processed + " of " + count + " masks");
      }
      Thread.sleep(5);
    }
  }

  /** The stream threads' processed records, from the postprocessor's Prometheus metrics. */
  private static long processed(Postprocessor postprocessor) {
    double total = 0;
    boolean found = false;
    for (String line : postprocessor.scrape().split("\n")) {
      if (line.startsWith(PROCESSED + "{")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("the postprocessor's metrics have no " + PROCESSED);
    }
    return (long) total;
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
    long nanos = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("-StreamThread-")) {
        nanos += Math.max(0, threads.getThreadCpuTime(t.getId()));
      }
    }
    if (nanos == 0) {
      throw new IllegalStateException("no Kafka Streams thread found to time");
    }
    return nanos / 1e9;
  }
}
