package org.segstream.cli.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import javax.imageio.ImageIO;
import org.segstream.cli.TempDirs;
import org.segstream.client.render.FrameImages;
import org.segstream.client.render.ImageBytes;
import org.segstream.client.render.MaskImage;
import org.segstream.client.render.OverlayRenderer;
import org.segstream.client.render.Palette;
import org.segstream.proto.LabelSets;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Overlay rendering at a camera's resolution: a generator street frame (JPEG) and its mask at the
 * demo model's 640x320, scaled up and blended. Baseline: decoding the frame's JPEG, which every
 * viewer of a frame pays anyway.
 */
@Command(name = "overlay", mixinStandardHelpOptions = true,
    description = "Overlay rendering frames/s on one thread at 1280x720 (mask 640x320), vs JPEG-decoding the frame.")
final class OverlayBench implements Callable<Integer> {
  @Option(names = "--width", defaultValue = "1280", description = "Frame width (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "720", description = "Frame height (default ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--iterations", defaultValue = "200", description = "Renders per round (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds; the best is kept (default ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    Path dir = TempDirs.create("segstream-bench-overlay-");
    PythonModels.run("scenes.still", "--out", dir.resolve("street.jpg").toString(), "--label",
        dir.resolve("street.png").toString(), "--width", String.valueOf(width), "--height", String.valueOf(height));
    byte[] jpeg = Files.readAllBytes(dir.resolve("street.jpg"));
    Frame frame = Frame.newBuilder().setCameraId("bench").setWidth(width).setHeight(height)
        .setEncoding(ImageEncoding.JPEG).setData(com.google.protobuf.ByteString.copyFrom(jpeg)).build();
    MaskImage mask = modelResolution(ImageIO.read(dir.resolve("street.png").toFile()), 640, 320);
    OverlayRenderer renderer = new OverlayRenderer(Palette.of(LabelSets.CITYSCAPES_19), 0.5);
    BufferedImage decoded = FrameImages.decode(frame);

    double decode = best(() -> FrameImages.decode(frame).getWidth());
    double overlay = best(() -> renderer.overlay(decoded, mask).getWidth());
    double colour = best(() -> renderer.colourMask(mask, width, height).getWidth());
    double tile = best(() -> ImageBytes.jpeg(renderer.overlay(FrameImages.decode(frame), mask), 0.85f).length);
    double png = best(() -> ImageBytes.png(renderer.overlay(FrameImages.decode(frame), mask)).length);

    System.out.printf(Locale.ROOT, "Overlay rendering at %dx%d (mask 640x320, one thread, best of %d rounds of %d):%n",
        width, height, rounds, iterations);
    row("baseline: JPEG decode of the frame", decode, decode);
    row("overlay (scale mask + blend)", overlay, decode);
    row("colour mask alone", colour, decode);
    row("page tile: decode + overlay + JPEG", tile, decode);
    row("segstream masks --overlay: decode + overlay + PNG", png, decode);
    return 0;
  }

  private static void row(String what, double fps, double baseline) {
    System.out.printf(Locale.ROOT, "  %-50s %8.1f frames/s  (%.2fx the JPEG decode)%n", what, fps, fps / baseline);
  }

  /** Frames per second of the best round. */
  private double best(IntSupplier work) {
    double best = 0;
    for (int warm = 0; warm < Math.min(20, iterations); warm++) {
      work.getAsInt();
    }
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        work.getAsInt();
      }
      best = Math.max(best, iterations / ((System.nanoTime() - start) / 1e9));
    }
    return best;
  }

  /** The label map sampled down to the model's resolution, nearest neighbour, as the worker's mask would be. */
  private static MaskImage modelResolution(BufferedImage label, int width, int height) {
    byte[] classes = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        classes[y * width + x] = (byte) label.getRaster().getSample(
            x * label.getWidth() / width, y * label.getHeight() / height, 0);
      }
    }
    return new MaskImage(classes, width, height, "cityscapes-19", Optional.of(LabelSets.CITYSCAPES_19));
  }
}
