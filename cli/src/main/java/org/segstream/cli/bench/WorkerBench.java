package org.segstream.cli.bench;

import ai.djl.inference.Predictor;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.cli.ModelOption;
import org.segstream.cli.TempDirs;
import org.segstream.ingest.CameraSpec;
import org.segstream.ingest.IngestConfig;
import org.segstream.ingest.IngestService;
import org.segstream.ingest.demo.DemoClips;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.decode.FrameDecoder;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.kafka.TopicReader;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Projection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Worker throughput as a ratio of the raw DJL forward throughput of the same model, batch size and
 * frames, both measured in this run; the mask size of a 1024×2048 street scene; and the CPU cost
 * per frame around the model. The worker's number includes everything it does per frame: Kafka
 * fetch, protobuf parse, JPEG decode, resize and normalise, forward, mask encoding and the
 * transactional produce and commit.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Worker frames/s ÷ raw DJL forward frames/s of the same model, measured in one run; "
        + "mask bytes of a 1024x2048 street scene; CPU cost per frame of decode + preprocess + encode.")
final class WorkerBench implements Callable<Integer> {
  /** The clip's frames are read off this topic once, then sent to the worker in bursts. */
  private static final String CLIP_TOPIC = "segstream.bench.clip";
  private static final int CLIP_FRAMES = 48;

  @Mixin
  ModelOption model;

  @Option(names = "--rounds", defaultValue = "5",
      description = "Alternating rounds of raw forward and worker (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--frames-per-round", defaultValue = "96",
      description = "Frames per round, both measurements (default ${DEFAULT-VALUE}).")
  int perRound;

  @Option(names = "--warmup", defaultValue = "24", description = "Frames not timed at the start (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--batch", defaultValue = "4", description = "Batch size of both measurements (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lanes", defaultValue = "1", description = "Worker lanes (SEGSTREAM_WORKER_THREADS); the raw "
      + "forward then runs as many streams at once (default ${DEFAULT-VALUE}). With -Dai.djl.pytorch.num_threads=1 "
      + "in SEGSTREAM_JAVA_OPTS, one core per lane.")
  int lanes;

  @Option(names = "--skip-throughput",
      description = "Only measure mask sizes and the CPU cost, e.g. for a model too slow for this CPU.")
  boolean skipThroughput;

  @Option(names = "--cost-runs", defaultValue = "20", description = "Timed runs per frame of the CPU cost (default ${DEFAULT-VALUE}).")
  int costRuns;

  @Override
  public Integer call() throws Exception {
    Path modelDir = model.checkedDir();
    Path dir = TempDirs.create("segstream-bench-");
    var street = DemoClips.writePinhole(dir.resolve("street.mp4"), 10, 10);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); SegmentationModel m = SegmentationModel.load(modelDir)) {
      // A partition per lane: a lane only ever gets whole partitions.
      kafka.createTopics(lanes, Topics.FRAMES, Topics.MASKS);
      kafka.createTopics(1, Topics.FRAMES_DLQ, CLIP_TOPIC);
      produceFrames(kafka, street.cameraSpec("bench").withMaxFrames(CLIP_FRAMES));
      List<Frame> clip = firstFrames(kafka, CLIP_FRAMES);
      Frame clipFrame = clip.get(0);
      System.out.printf(Locale.ROOT, "model %s (%s, input %dx%d WxH) on %s%n", modelDir, m.card().modelId(),
          m.card().input().width(), m.card().input().height(), m.device());
      if (!skipThroughput) {
        System.out.printf(Locale.ROOT, "%d rounds of %d frames of %dx%d JPEG (the demo street clip), batch %d%n",
            rounds, perRound, street.width(), street.height(), batch);
        System.out.printf(Locale.ROOT, "%d lane(s), libtorch intra-op threads %s%n", lanes,
            System.getProperty("ai.djl.pytorch.num_threads", "default (cores)"));
        new ThroughputRounds(kafka, m, batch, lanes).run(workerConfig(kafka, modelDir), clip,
            prepare(m, clip.subList(0, batch)), rounds, perRound, warmup);
      }
      Frame still = streetStill(dir);
      FrameCosts costs = new FrameCosts(m);
      try (Predictor<List<PreparedFrame>, List<ClassMap>> predictor = m.newPredictor()) {
        ClassMap stillMap = costs.classMap(predictor, still, false);
        ClassMap clipMap = costs.classMap(predictor, clipFrame, false);
        System.out.printf(Locale.ROOT, "%nmask bytes per frame, %dx%d street scene of the generator (seed 2035):%n%s",
            still.getHeight(), still.getWidth(), costs.maskSizes(still, stillMap));
        System.out.printf(Locale.ROOT, "%nCPU cost per frame, one thread, median of %d runs (ms):%n", costRuns);
        System.out.println("  frame            decode  preprocess  encode(model res)  total | encode(frame res)");
        FrameCosts.Cost small = costs.measure(clipFrame, clipMap, costRuns, false);
        print("640x360 JPEG", small);
        // Full and reduced decodes in turns, each the better of two: this VM stalls whole runs at times.
        int reduction = costs.reduction(still);
        FrameCosts.Cost big = null;
        FrameCosts.Cost bigReduced = null;
        for (int turn = 0; turn < 2; turn++) {
          big = FrameCosts.better(big, costs.measure(still, stillMap, costRuns, false));
          if (reduction > 1) {
            bigReduced = FrameCosts.better(bigReduced, costs.measure(still, stillMap, costRuns, true));
          }
        }
        print("2048x1024 JPEG", big);
        if (reduction > 1) {
          print("  decoded at 1/" + reduction, bigReduced);
          System.out.printf(Locale.ROOT, "  (SEGSTREAM_DECODE_REDUCED=true; its class map agrees with the full decode's on "
              + "%.2f%% of pixels)%n", 100 * FrameCosts.agreement(stillMap, costs.classMap(predictor, still, true)));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "  one core feeds %.0f (640x360) or %.0f (2048x1024%s) frames/s to the model; "
            + "this host's %d cores about %d× that%n", 1000 / small.totalMs(), 1000 / big.totalMs(),
            bigReduced == null ? "" : String.format(Locale.ROOT, "; %.0f decoded reduced", 1000 / bigReduced.totalMs()),
            cores, cores);
      }
    } finally {
      TempDirs.delete(dir);
    }
    return 0;
  }

  private static void print(String frame, FrameCosts.Cost c) {
    System.out.printf(Locale.ROOT, "  %-15s %7.2f  %10.2f  %17.2f  %5.2f | %17.2f%n", frame, c.decodeMs(), c.prepareMs(),
        c.encodeModelMs(), c.totalMs(), c.encodeFrameMs());
  }

  private static void produceFrames(EmbeddedKafka kafka, CameraSpec camera) throws InterruptedException {
    try (IngestService ingest = IngestService.create(
        new IngestConfig(kafka.bootstrapServers(), CLIP_TOPIC, List.of(camera)))) {
      ingest.start();
      if (!ingest.awaitCompletion(Duration.ofMinutes(5))) {
        throw new IllegalStateException("ingest did not finish producing the benchmark frames");
      }
    }
  }

  private static List<Frame> firstFrames(EmbeddedKafka kafka, int n) throws Exception {
    List<Frame> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TopicReader.readCommitted(kafka.bootstrapServers(), CLIP_TOPIC, n,
        Duration.ofSeconds(30))) {
      if (out.size() < n) {
        out.add(Frame.parseFrom(r.value()));
      }
    }
    return out;
  }

  private static List<PreparedFrame> prepare(SegmentationModel m, List<Frame> frames) throws Exception {
    FrameDecoder decoder = new FrameDecoder(Integer.MAX_VALUE);
    List<PreparedFrame> prepared = new ArrayList<>();
    for (Frame f : frames) {
      try (Mat image = decoder.decode(f)) {
        prepared.add(m.prepare(new FrameImage(image, f.getProjection() == Projection.EQUIRECTANGULAR)));
      }
    }
    return prepared;
  }

  /** A 2048×1024 street frame of the project's scene generator, as a camera would send it. */
  private static Frame streetStill(Path dir) throws Exception {
    Path jpeg = dir.resolve("street-2048x1024.jpg");
    PythonModels.run("scenes.still", "--out", jpeg.toString(), "--width", "2048", "--height", "1024");
    return Frame.newBuilder().setCameraId("still").setWidth(2048).setHeight(1024).setEncoding(ImageEncoding.JPEG)
        .setProjection(Projection.PINHOLE).setCaptureTimeUs(EpochMicros.now())
        .setData(ByteString.copyFrom(Files.readAllBytes(jpeg))).build();
  }

  private WorkerConfig workerConfig(EmbeddedKafka kafka, Path modelDir) {
    return WorkerConfig.fromEnv(Map.of("SEGSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "SEGSTREAM_MODEL_DIR", modelDir.toString(), "SEGSTREAM_WORKER_GROUP", "bench-" + UUID.randomUUID(),
        "SEGSTREAM_WORKER_ID", "bench", "SEGSTREAM_MAX_BATCH", String.valueOf(batch),
        "SEGSTREAM_WORKER_THREADS", String.valueOf(lanes)));
  }
}
