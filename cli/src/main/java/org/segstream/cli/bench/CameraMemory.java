package org.segstream.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.segstream.cli.PipelineTopics;
import org.segstream.ingest.CameraSpec;
import org.segstream.ingest.CameraStats;
import org.segstream.ingest.IngestConfig;
import org.segstream.ingest.IngestService;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.v1.Projection;

/**
 * What one more camera costs in memory: an ingest service on an embedded broker runs one camera,
 * then (by a fleet change) {@code n}; the resident size and the live heap after a GC are read
 * after each has settled, and the difference is divided by {@code n - 1}. The broker, the
 * producers and the JIT are in both readings, so they cancel out.
 */
final class CameraMemory {
  /** The readings. */
  record Result(int cameras, long rssOne, long rssMany, long heapOne, long heapMany, double fps) {
    String describe() {
      double mib = 1024.0 * 1024.0;
      return String.format(Locale.ROOT,
          "memory per camera (1280x720 looping file, 5 frames/s each, %d cameras publishing %.1f frames/s in all):%n"
              + "  resident  %.1f MiB with 1 camera, %.1f MiB with %d → %.1f MiB per additional camera%n"
              + "  live heap %.1f MiB with 1 camera, %.1f MiB with %d → %.2f MiB per additional camera",
          cameras, fps, rssOne / mib, rssMany / mib, cameras, (rssMany - rssOne) / mib / (cameras - 1),
          heapOne / mib, heapMany / mib, cameras, (heapMany - heapOne) / mib / (cameras - 1));
    }
  }

  private CameraMemory() {}

  static Result measure(Path clip, int n, int settleSeconds) throws Exception {
    if (n < 2) {
      throw new IllegalArgumentException("--cameras must be at least 2, got " + n);
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(PipelineTopics.all(4));
      try (IngestService service = IngestService.create(IngestConfig.of(kafka.bootstrapServers(), cameras(clip, 1)))) {
        service.start();
        Thread.sleep(settleSeconds * 1000L);
        long rssOne = rss();
        long heapOne = heap();
        service.apply(cameras(clip, n));
        Thread.sleep(settleSeconds * 1000L);
        long published = published(service);
        long rssMany = rss();
        long heapMany = heap();
        Thread.sleep(5000);
        double fps = (published(service) - published) / 5.0;
        return new Result(n, rssOne, rssMany, heapOne, heapMany, fps);
      }
    }
  }

  private static List<CameraSpec> cameras(Path clip, int n) {
    List<CameraSpec> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(CameraSpec.of("bench-" + i, clip.toString(), Projection.PINHOLE).toBuilder()
          .loop(true).pace(true).targetFps(5).build());
    }
    return out;
  }

  private static long published(IngestService service) {
    return service.stats().values().stream().mapToLong(CameraStats::published).sum();
  }

  /** Resident set size of this process (Linux), bytes. */
  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }

  private static long heap() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    Thread.sleep(200);
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
