package org.segstream.cli.masks;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.segstream.client.SubscriptionConfig;
import org.segstream.client.SubscriptionConfig.StartAt;
import org.segstream.client.render.ImageBytes;
import org.segstream.client.render.Legend;
import org.segstream.client.render.MaskImage;
import org.segstream.client.render.OverlayRenderer;
import org.segstream.client.render.Palette;
import org.segstream.client.render.Pictures;
import org.segstream.client.subscribe.MaskEvent;
import org.segstream.client.subscribe.MaskEvent.FrameStatus;
import org.segstream.client.subscribe.MaskSubscription;
import org.segstream.proto.LabelSets.LabelSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segstream masks}: masks of chosen cameras as colour PNGs or overlays, or an MP4 per camera. */
@Command(name = "masks", mixinStandardHelpOptions = true,
    description = {"Write the masks of chosen cameras as colour masks (the label set's palette) or, with --overlay, "
        + "blended over their frames: a PNG per mask (DIR/CAMERA/SEQUENCE.png) or, with --mp4, DIR/CAMERA.mp4; "
        + "and DIR/legend.png + legend.txt for the classes seen.",
        "With --from-beginning or --last N it stops at the masks published before it started (unless --follow); "
            + "otherwise it follows new masks until Ctrl-C, --count or --duration."})
public final class MasksCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka (default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--camera", paramLabel = "ID", split = ",", description = "Camera ids (repeatable or comma-separated); default: every camera.")
  List<String> cameras = List.of();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--overlay", description = "Blend each mask over its frame (read from segstream.frames).")
  boolean overlay;

  @Option(names = "--alpha", defaultValue = "0.5", description = "Mask opacity over the frame, 0..1 (default ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--mp4", description = "One H.264 MP4 per camera instead of PNGs.")
  boolean mp4;

  @Option(names = "--mp4-fps", defaultValue = "4", description = "Frame rate of the MP4s (default ${DEFAULT-VALUE}).")
  double mp4Fps;

  @ArgGroup(exclusive = true)
  Start start;

  static final class Start {
    @Option(names = "--from-beginning", description = "Every mask still in the topic.")
    boolean beginning;

    @Option(names = "--last", paramLabel = "N", description = "The last N masks of each camera.")
    Integer last;
  }

  @Option(names = "--follow", description = "Keep following new masks after the old ones.")
  boolean follow;

  @Option(names = "--count", defaultValue = "0", description = "Stop after this many masks (0: no limit).")
  long count;

  @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (0: no limit).")
  long durationSeconds;

  @Option(names = "--masks-topic", defaultValue = "segstream.masks", description = "Masks topic (default ${DEFAULT-VALUE}).")
  String masksTopic;

  @Option(names = "--frames-topic", defaultValue = "segstream.frames", description = "Frames topic (default ${DEFAULT-VALUE}).")
  String framesTopic;

  private final Map<String, Long> perCamera = new TreeMap<>();
  private final Map<String, boolean[]> classesSeen = new TreeMap<>();
  private final Map<String, LabelSet> labelSets = new TreeMap<>();
  private long problems;

  @Override
  public Integer call() throws Exception {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("--alpha must be within 0..1, was " + alpha);
    }
    Files.createDirectories(out);
    StartAt from = start == null ? new StartAt.Latest()
        : start.beginning ? new StartAt.Earliest() : new StartAt.Last(start.last);
    boolean bounded = !(from instanceof StartAt.Latest) && !follow;
    SubscriptionConfig base = SubscriptionConfig.of(bootstrap, new LinkedHashSet<>(cameras));
    SubscriptionConfig config = new SubscriptionConfig(base.bootstrapServers(), base.cameras(), from, overlay,
        base.frameBuffer(), base.frameWait(), base.frameLead(), masksTopic, framesTopic);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    // Ctrl-C: stop reading, then let the files (an MP4's trailer) be finished before the JVM goes.
    Thread hook = new Thread(() -> {
      stop.set(true);
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "segstream-masks-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    long end = durationSeconds > 0 ? System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos() : Long.MAX_VALUE;
    try (MaskSubscription subscription = MaskSubscription.open(config);
        MaskOutput output = mp4 ? new Mp4Files(out, mp4Fps) : new PngFiles(out);
        ProgressBar bar = progressBar(bounded ? subscription.progress()[1] : -1)) {
      while (!stop.get() && System.nanoTime() < end && (count == 0 || output.written() < count)) {
        Duration wait = Duration.ofMillis(300);
        for (MaskEvent event : bounded ? subscription.pollUntilEnd(wait) : subscription.poll(wait)) {
          if (count == 0 || output.written() < count) {
            write(event, output);
          }
        }
        if (bounded) {
          bar.stepTo(subscription.progress()[0]);
          if (subscription.caughtUp()) {
            break;
          }
        } else {
          bar.stepTo(output.written());
        }
      }
      writeLegend();
      return report();
    } finally {
      finished.countDown();
      removeHook(hook);
    }
  }

  private void write(MaskEvent event, MaskOutput output) throws java.io.IOException {
    String camera = event.cameraId();
    MaskImage image = event.image().orElse(null);
    if (image == null || image.labelSet().isEmpty()) {
      problem(event.problem().orElse("mask " + camera + "#" + event.sequence() + " has no class map"));
      return;
    }
    if (overlay && event.frameStatus() != FrameStatus.JOINED) {
      problem(event.problem().orElse("frame missing") + " — wrote the colour mask instead");
    }
    LabelSet labels = image.labelSet().get();
    OverlayRenderer renderer = new OverlayRenderer(Palette.of(labels), overlay ? alpha : 1);
    BufferedImage picture = Pictures.of(renderer, event.mask(), image, event.frame().orElse(null), 0);
    output.write(camera, event.sequence(), picture);
    perCamera.merge(camera, 1L, Long::sum);
    labelSets.put(labels.id(), labels);
    boolean[] seen = classesSeen.computeIfAbsent(labels.id(), id -> new boolean[256]);
    boolean[] present = image.present();
    for (int i = 0; i < seen.length; i++) {
      seen[i] |= present[i];
    }
  }

  private void problem(String text) {
    problems++;
    System.err.println("warning: " + text);
  }

  /** One legend per label set met (usually one): {@code legend.png}, or {@code legend-ID.png} for several. */
  private void writeLegend() throws java.io.IOException {
    for (var entry : labelSets.entrySet()) {
      LabelSet labels = entry.getValue();
      List<Integer> classes = Legend.classes(labels, classesSeen.get(entry.getKey()));
      String name = labelSets.size() == 1 ? "legend" : "legend-" + labels.id();
      Files.write(out.resolve(name + ".png"), ImageBytes.png(Legend.render(labels, classes)));
      List<String> lines = Legend.lines(labels, classes);
      Files.write(out.resolve(name + ".txt"), lines);
      System.out.println("Classes (" + labels.id() + "):");
      lines.forEach(line -> System.out.println("  " + line));
    }
  }

  private int report() {
    perCamera.forEach((camera, n) -> System.out.println(camera + ": " + n + (mp4 ? " frames in " : " PNGs in ")
        + (mp4 ? out.resolve(CameraNames.safe(camera) + ".mp4") : out.resolve(CameraNames.safe(camera)))));
    Set<String> missing = new LinkedHashSet<>(cameras);
    missing.removeAll(perCamera.keySet());
    for (String camera : missing) {
      System.err.println("error: no masks of camera " + camera + " were read from " + masksTopic
          + (perCamera.isEmpty() ? "" : " (cameras with masks: " + String.join(", ", perCamera.keySet()) + ")"));
    }
    if (problems > 0) {
      System.err.println(problems + " mask(s) had problems (see the warnings above)");
    }
    return missing.isEmpty() && problems == 0 ? 0 : 1;
  }

  private static ProgressBar progressBar(long total) {
    return new ProgressBarBuilder().setTaskName(total >= 0 ? "masks topic" : "masks written")
        .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
        .continuousUpdate().build();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down: the hook has run.
    }
  }
}
