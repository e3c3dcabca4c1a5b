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
 * broker works through masks put on its topic beforehand. Only the stream thread's own CPU time
 * counts, so the broker and the producer sharing this machine do not; the time to start, join
 * the group and create the stores is in it.
 */
final class StreamThreadThroughput {
  private StreamThreadThroughput() {}

  record Result(long masks, double cpuSeconds, double wallSeconds) {
    double perCore() {
      return masks / cpuSeconds;
    }
  }

  static Result measure(List<byte[]> records, List<String> keys, Path stateDir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(PipelineTopics.all(1));
      try (KafkaProducer<String, byte[]> producer = PostprocessBench.producer(kafka)) {
        for (int i = 0; i < records.size(); i++) {
          producer.send(new ProducerRecord<>(Topics.MASKS, keys.get(i), records.get(i)));
        }
        producer.flush();
      }
      Map<String, Long> lastSequence = new java.util.HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        lastSequence.merge(keys.get(i), 1L, Long::sum);
      }
      PostprocessConfig config = PostprocessConfig.defaults(kafka.bootstrapServers()).withGrpc("127.0.0.1", 0)
          .withStateDir(stateDir);
      long start = System.nanoTime();
      try (Postprocessor postprocessor = Postprocessor.start(config)) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", postprocessor.grpcPort()).usePlaintext()
            .build();
        try {
          awaitCounted(new StatsClient(channel, Duration.ofSeconds(2)), lastSequence);
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Result(records.size(), streamThreadCpuSeconds(), wall);
      }
    }
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
