package org.segstream.cli.demo;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.segstream.client.stats.StatsClient;
import org.segstream.ingest.CameraSpec;
import org.segstream.ingest.demo.DemoClip;
import org.segstream.ingest.demo.DemoClips;
import org.segstream.proto.v1.Projection;
import org.segstream.viewer.Viewer;
import org.segstream.viewer.ViewerConfig;
import org.segstream.cli.ModelOption;
import org.segstream.cli.TempDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segstream demo}: the whole pipeline on an embedded broker with the bundled model and clips. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run ingest → worker → postprocess on an embedded broker with the demo model and clips, "
        + "show live scene stats, and print a summary.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--duration", defaultValue = "30", description = "Seconds to run (default ${DEFAULT-VALUE}; 0 = until Ctrl-C).")
  int durationSeconds;

  @Option(names = "--grpc-port", defaultValue = "50051", description = "gRPC port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = free).")
  int grpcPort;

  @Option(names = "--kafka-port", defaultValue = "0", description = "Broker port on 127.0.0.1 (default: a free port).")
  int kafkaPort;

  @Option(names = "--fps", defaultValue = "4", description = "Frames per second sampled from each camera (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--view-port", defaultValue = "8080",
      description = "Port of the live page on 127.0.0.1 (default ${DEFAULT-VALUE}, a free one if taken; -1 = no page).")
  int viewPort;

  @Mixin
  ModelOption model;

  @Option(names = "--clips", description = "Render fresh synthetic clips into this directory instead of using the "
      + "bundled ones.")
  Path clips;

  @Option(names = "--video", paramLabel = "FILE",
      description = "Ingest this video file as a pinhole camera instead of the demo clips (repeatable).")
  List<Path> videos;

  @Override
  public Integer call() throws Exception {
    Path modelDir = model.checkedDir();
    // Ingest, Kafka and Kafka Streams share this machine with the model: leave them half the cores.
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads",
        String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))));
    List<CameraSpec> cameras = videos == null ? demoCameras() : videoCameras();

    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      awaitQuietly(finished, 60);
    }, "segstream-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (DemoPipeline pipeline = DemoPipeline.start(new DemoPipeline.Settings(cameras, modelDir, kafkaPort,
        "127.0.0.1", grpcPort, 2, 4));
        Viewer viewer = startViewer(pipeline)) {
      if (viewer != null) {
        System.out.println("Live page: " + viewer.url());
      }
      return runAndReport(pipeline, stop, viewer);
    } finally {
      finished.countDown();
      removeHook(hook);
    }
  }

  /** The live page on 127.0.0.1, on --view-port or, when that is taken, a free port; null with --view-port -1. */
  private Viewer startViewer(DemoPipeline pipeline) throws java.io.IOException {
    if (viewPort < 0) {
      return null;
    }
    String grpc = "127.0.0.1:" + pipeline.postprocessor().grpcPort();
    try {
      return Viewer.start(ViewerConfig.local(viewPort, pipeline.kafka().bootstrapServers(), grpc));
    } catch (java.net.BindException e) {
      System.out.println("Port " + viewPort + " is taken; the live page gets a free port.");
      return Viewer.start(ViewerConfig.local(0, pipeline.kafka().bootstrapServers(), grpc));
    }
  }

  /** The bundled clips the demo model was made for; without them, clips rendered here. */
  private List<CameraSpec> demoCameras() throws java.io.IOException {
    Path bundled = Path.of(System.getProperty("segstream.home", "."), "models/demo/clips");
    var cameras = BundledClips.cameras(bundled);
    if (clips == null && cameras.isPresent()) {
      return cameras.get().stream().map(this::live).toList();
    }
    Path dir = clips != null ? Files.createDirectories(clips) : TempDirs.create("segstream-demo-clips-");
    System.out.println("Writing demo clips to " + dir + " …");
    DemoClip street = DemoClips.writePinhole(dir.resolve("street.mp4"), 10, 10);
    DemoClip plaza = DemoClips.writeEquirectangular(dir.resolve("plaza-360.mp4"), 10, 10);
    return List.of(live(street.cameraSpec("street-1")), live(plaza.cameraSpec("plaza-360")));
  }

  private List<CameraSpec> videoCameras() {
    List<CameraSpec> cameras = new java.util.ArrayList<>();
    for (Path video : videos) {
      if (!Files.isRegularFile(video) || !Files.isReadable(video)) {
        throw new IllegalArgumentException("video file " + video + " does not exist or is unreadable");
      }
      String id = video.getFileName().toString().replaceAll("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._:-]", "-");
      cameras.add(live(CameraSpec.of(id, video.toString(), Projection.PINHOLE)));
    }
    return cameras;
  }

  /** Looped and paced, a file behaves like a live camera. */
  private CameraSpec live(CameraSpec camera) {
    return camera.withTargetFps(fps).withLoop(true).withPace(true);
  }

  private int runAndReport(DemoPipeline pipeline, CountDownLatch stop, Viewer viewer) throws InterruptedException {
    String grpc = "127.0.0.1:" + pipeline.postprocessor().grpcPort();
    ManagedChannel channel = ManagedChannelBuilder.forTarget(grpc).usePlaintext().build();
    try {
      StatsClient client = new StatsClient(channel, Duration.ofSeconds(2));
      LatencyProbe probe = new LatencyProbe(client, () -> cameraIds(pipeline), 10);
      Thread probeThread = new Thread(probe, "segstream-latency-probe");
      probeThread.setDaemon(true);
      probeThread.start();
      long start = System.nanoTime();
      watch(pipeline, new LiveTable(client), grpc + (viewer == null ? "" : " · page " + viewer.url()), stop, start);
      probe.stop();
      System.out.println();
      System.out.println("Stopping ingest and waiting for every frame to reach the stats …");
      pipeline.stopIngest();
      boolean drained = pipeline.awaitSettled(Duration.ofSeconds(60));
      double seconds = (System.nanoTime() - start) / 1e9;
      DemoSummary summary = DemoSummary.collect(pipeline, client, seconds, probe.snapshot());
      System.out.print(summary.render(drained));
      return summary.complete() ? 0 : 1;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void watch(DemoPipeline pipeline, LiveTable table, String grpc, CountDownLatch stop, long start)
      throws InterruptedException {
    boolean terminal = System.console() != null;
    long refreshMs = terminal ? 1000 : 5000;
    long end = durationSeconds == 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(durationSeconds);
    while (System.nanoTime() < end && !stop.await(refreshMs, TimeUnit.MILLISECONDS)) {
      if (!pipeline.worker().healthy() || pipeline.postprocessor().failed()) {
        System.err.println("a pipeline stage stopped; see the log above");
        break;
      }
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      String header = String.format(java.util.Locale.ROOT,
          "segstream demo · %d s%s · kafka %s · gRPC %s · ingested %d · masks %d · dead letters %d",
          elapsed, durationSeconds == 0 ? "" : " of " + durationSeconds, pipeline.kafka().bootstrapServers(), grpc,
          pipeline.framesIngested(), pipeline.worker().stats().masksPublished(), pipeline.worker().stats().deadLettered());
      LiveTable.show(System.out, table.render(header), terminal);
    }
  }

  private static List<String> cameraIds(DemoPipeline pipeline) {
    return List.copyOf(pipeline.ingest().stats().keySet());
  }

  private static void awaitQuietly(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl-C): the hook is running and waits for us.
    }
  }
}
