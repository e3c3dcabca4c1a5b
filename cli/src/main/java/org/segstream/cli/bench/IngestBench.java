package org.segstream.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.segstream.cli.TempDirs;
import org.segstream.ingest.demo.DemoClip;
import org.segstream.ingest.demo.DemoClips;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest's CPU cost and memory: frames per CPU-second (per core) of decoding alone and of decoding
 * plus JPEG encoding, at 1280×720 and 3840×1920, measured in alternating rounds of one run so the
 * ratio between them holds even when the machine's speed swings; then the memory one more camera
 * costs, from the process's resident size with one camera and with many running on an embedded
 * broker.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest frames per CPU-second: decode + JPEG encode as a ratio of decode alone, at 1280x720 "
        + "and 3840x1920 (one run, alternating rounds); memory per camera with N cameras running.")
final class IngestBench implements Callable<Integer> {
  @Option(names = "--frames", defaultValue = "480",
      description = "Frames per timed round at 1280x720; 3840x1920 rounds take an eighth (same pixels) "
          + "(default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Alternating rounds of decode and decode + encode per size (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--cameras", defaultValue = "8", description = "Cameras for the memory figure (default ${DEFAULT-VALUE}).")
  int cameras;

  @Option(names = "--settle-seconds", defaultValue = "15",
      description = "How long each camera count runs before memory is read (default ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Option(names = "--skip-memory", description = "Only the CPU figures.")
  boolean skipMemory;

  @Override
  public Integer call() throws Exception {
    // Each camera logs its start and end; with many of them that would bury the figures.
    System.setProperty("org.slf4j.simpleLogger.log.org.segstream.ingest", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.segstream.kafka", "warn");
    Path dir = TempDirs.create("segstream-bench-ingest-");
    try {
      System.out.println("Rendering the bench clips (demo scenes scaled up, H.264) …");
      DemoClip street = DemoClips.writePinhole(dir.resolve("street.mp4"), 4, 10);
      DemoClip plaza = DemoClips.writeEquirectangular(dir.resolve("plaza.mp4"), 4, 10);
      List<Path> clips = List.of(
          BenchClips.scaled(street.path(), dir.resolve("street-1280x720.mp4"), 1280, 720),
          BenchClips.scaled(plaza.path(), dir.resolve("plaza-3840x1920.mp4"), 3840, 1920));
      List<String> rows = new ArrayList<>();
      rows.add(cpuRow(clips.get(0), frames));
      rows.add(cpuRow(clips.get(1), Math.max(8, frames / 8)));
      System.out.println();
      System.out.println("Best of " + rounds + " rounds; frames per CPU-second of the whole process (= per core), wall frames/s"
          + " in brackets:");
      System.out.println("size        decode only         decode + JPEG q90    ratio");
      rows.forEach(System.out::println);
      if (!skipMemory) {
        System.out.println();
        System.out.println(CameraMemory.measure(clips.get(0), cameras, settleSeconds).describe());
      }
      return 0;
    } finally {
      TempDirs.delete(dir);
    }
  }

  private String cpuRow(Path clip, int count) throws Exception {
    DecodeCost.Result decode = null;
    DecodeCost.Result encode = null;
    // Warm-up: the JIT, FFmpeg's and OpenCV's first allocations.
    DecodeCost.run(clip, Math.max(1, count / 4), true);
    for (int r = 0; r < rounds; r++) {
      decode = DecodeCost.better(decode, DecodeCost.run(clip, count, false));
      encode = DecodeCost.better(encode, DecodeCost.run(clip, count, true));
      System.out.printf(Locale.ROOT, "  %s round %d: decode %.1f, decode + encode %.1f frames per CPU-second%n",
          clip.getFileName(), r + 1, decode.perCpuSecond(), encode.perCpuSecond());
    }
    return String.format(Locale.ROOT, "%-10s  %6.1f (%6.1f/s)    %6.1f (%6.1f/s)     %.2f",
        decode.width() + "x" + decode.height(), decode.perCpuSecond(), decode.perWallSecond(),
        encode.perCpuSecond(), encode.perWallSecond(), encode.perCpuSecond() / decode.perCpuSecond());
  }
}
