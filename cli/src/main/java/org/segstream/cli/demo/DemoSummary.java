package org.segstream.cli.demo;

import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.segstream.client.stats.StatsClient;
import org.segstream.proto.v1.SceneStats;

/** The demo's closing numbers: every frame accounted for, throughput and latency. */
record DemoSummary(Map<String, Long> ingestedPerCamera, Map<String, Long> countedPerCamera, long masks,
    long deadLetters, double seconds, Histogram latencyUs, double modelMsPerFrame) {

  static DemoSummary collect(DemoPipeline pipeline, StatsClient client, double seconds, Histogram latencyUs)
      throws InterruptedException {
    Map<String, Long> ingested = new TreeMap<>();
    pipeline.ingest().stats().forEach((id, s) -> ingested.put(id, s.published()));
    long masks = pipeline.worker().stats().masksPublished();
    // Kafka Streams commits every 100 ms: give the last masks a moment to reach the stores.
    Map<String, Long> counted = countedPerCamera(client, ingested);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sum(counted) < masks && System.nanoTime() < deadline) {
      Thread.sleep(200);
      counted = countedPerCamera(client, ingested);
    }
    var stats = pipeline.worker().stats();
    double modelMs = stats.masksPublished() == 0 ? 0 : stats.modelNanos() / 1e6 / stats.masksPublished();
    return new DemoSummary(ingested, counted, masks, stats.deadLettered(), seconds, latencyUs, modelMs);
  }

  private static Map<String, Long> countedPerCamera(StatsClient client, Map<String, Long> cameras) {
    Map<String, Long> counted = new TreeMap<>();
    for (String camera : cameras.keySet()) {
      long frames = 0;
      try {
        for (SceneStats w : client.windows(camera, 0, 0, 0)) {
          frames += w.getFramesCounted();
        }
      } catch (StatusRuntimeException e) {
        // NOT_FOUND: no frame of this camera counted yet.
      }
      counted.put(camera, frames);
    }
    return counted;
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** True when every ingested frame is either counted in the stats or a dead letter. */
  boolean complete() {
    return sum(ingestedPerCamera) == masks + deadLetters && sum(countedPerCamera) == masks;
  }

  String render(boolean drained) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nSummary%n"));
    out.append(String.format(Locale.ROOT, "  frames ingested       %6d   %s%n", sum(ingestedPerCamera), ingestedPerCamera));
    out.append(String.format(Locale.ROOT, "  masks published       %6d%n", masks));
    out.append(String.format(Locale.ROOT, "  dead-lettered frames  %6d%n", deadLetters));
    out.append(String.format(Locale.ROOT, "  frames in the stats   %6d   %s%n", sum(countedPerCamera), countedPerCamera));
    out.append(String.format(Locale.ROOT, "  throughput            %6.1f frames/s (masks over %.1f s)%n", masks / seconds, seconds));
    out.append(String.format(Locale.ROOT, "  model forward         %6.1f ms/frame (batch mean, pre/post-processing included)%n", modelMsPerFrame));
    if (latencyUs.getTotalCount() > 0) {
      out.append(String.format(Locale.ROOT,
          "  capture → stats       p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d frames; gRPC GetLatest polled every 10 ms)%n",
          latencyUs.getValueAtPercentile(50) / 1000.0, latencyUs.getValueAtPercentile(99) / 1000.0,
          latencyUs.getMaxValue() / 1000.0, latencyUs.getTotalCount()));
    }
    out.append(complete()
        ? "  every ingested frame is counted in the stats or dead-lettered with a reason\n"
        : "  INCOMPLETE: " + (drained ? "counts disagree" : "the worker settled no frame for 60 s") + "\n");
    return out.toString();
  }

}
