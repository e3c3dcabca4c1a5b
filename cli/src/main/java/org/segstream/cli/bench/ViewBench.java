package org.segstream.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.openqa.selenium.chrome.ChromeDriver;
import org.segstream.cli.demo.BundledClips;
import org.segstream.cli.demo.DemoPipeline;
import org.segstream.cli.view.HeadlessChromium;
import org.segstream.client.SubscriptionConfig;
import org.segstream.client.subscribe.MaskEvent;
import org.segstream.client.subscribe.MaskSubscription;
import org.segstream.ingest.CameraSpec;
import org.segstream.viewer.Viewer;
import org.segstream.viewer.ViewerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How soon the live page shows a mask: the demo pipeline runs, headless Chromium keeps the page
 * open, and each picture's delay from its mask's publication (Kafka timestamp) to the browser's
 * load of it is collected. Baseline, in the same run: a plain subscription's delay from
 * publication to receipt, i.e. what any Kafka reader of the masks gets.
 */
@Command(name = "view", mixinStandardHelpOptions = true,
    description = "Page update delay (mask published → picture shown in headless Chromium) during the demo, vs a "
        + "plain mask subscription's delay.")
final class ViewBench implements Callable<Integer> {
  @Option(names = "--seconds", defaultValue = "30", description = "Seconds measured (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--fps", defaultValue = "4", description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--model", defaultValue = "models/demo/segformer-demo", description = "Model directory (default ${DEFAULT-VALUE}).")
  Path model;

  @Override
  public Integer call() throws Exception {
    List<CameraSpec> cameras = BundledClips.cameras(Path.of("models/demo/clips")).orElseThrow(
        () -> new IllegalStateException("the bundled clips are missing (models/demo/clips)")).stream()
        .map(c -> c.withTargetFps(fps).withLoop(true).withPace(true)).toList();
    Histogram consumer = new Histogram(3);
    try (DemoPipeline pipeline = DemoPipeline.start(new DemoPipeline.Settings(cameras, model, 0, "127.0.0.1", 0, 2, 4));
        Viewer viewer = Viewer.start(ViewerConfig.local(0, pipeline.kafka().bootstrapServers(),
            "127.0.0.1:" + pipeline.postprocessor().grpcPort()))) {
      ChromeDriver browser = HeadlessChromium.start(1400, 1000);
      AtomicBoolean measuring = new AtomicBoolean(true);
      Thread baseline = new Thread(() -> subscribe(pipeline.kafka().bootstrapServers(), consumer, measuring),
          "bench-view-baseline");
      try {
        browser.get(viewer.url());
        System.out.println("Warming up for 10 s …");
        Thread.sleep(10_000);
        browser.executeScript("window.segstream.delays.length = 0; window.segstream.renderDelays.length = 0;");
        baseline.start();
        System.out.println("Measuring for " + seconds + " s …");
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        baseline.join(10_000);
        Histogram shown = histogram(browser.executeScript("return window.segstream.delays"));
        Histogram rendered = histogram(browser.executeScript("return window.segstream.renderDelays"));
        System.out.printf(Locale.ROOT, "Page update delay during the demo (%d cameras at %.1f frames/s, %d s):%n",
            cameras.size(), fps, seconds);
        row("baseline: mask subscription receives the mask", consumer, consumer);
        row("tile rendered on the server (join, overlay, JPEG)", rendered, consumer);
        row("picture shown in the browser", shown, consumer);
      } finally {
        browser.quit();
        measuring.set(false);
      }
    }
    return 0;
  }

  private static void subscribe(String bootstrap, Histogram delays, AtomicBoolean measuring) {
    try (MaskSubscription masks = MaskSubscription.open(SubscriptionConfig.of(bootstrap, Set.of()))) {
      while (measuring.get()) {
        for (MaskEvent event : masks.poll(Duration.ofMillis(100))) {
          delays.recordValue(Math.max(0, System.currentTimeMillis() - event.publishedMs()));
        }
      }
    }
  }

  private static Histogram histogram(Object values) {
    Histogram h = new Histogram(3);
    for (Object v : (List<?>) values) {
      h.recordValue(Math.max(0, ((Number) v).longValue()));
    }
    return h;
  }

  private static void row(String what, Histogram h, Histogram baseline) {
    System.out.printf(Locale.ROOT, "  %-52s n=%4d  p50 %5d ms  p95 %5d ms  max %5d ms  (p50 +%d ms over the baseline)%n",
        what, h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95), h.getMaxValue(),
        h.getValueAtPercentile(50) - baseline.getValueAtPercentile(50));
  }
}
