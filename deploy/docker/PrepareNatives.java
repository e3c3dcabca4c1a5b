import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;

/**
 * Run by deploy/Dockerfile while an image is built (java's source-file mode, on the CLI's runtime
 * classpath), so native libraries are unpacked, or for the GPU image fetched, into the image's
 * caches once: a container then starts without writing hundreds of MB and runs with DJL offline.
 *
 * <p>Modes: {@code javacv} (FFmpeg and OpenCV), {@code pytorch} (the libtorch of the
 * pytorch-native jar on the classpath), {@code pytorch-cuda LINK_DIR} (the CUDA libtorch named by
 * {@code PYTORCH_FLAVOR}, fetched by DJL; LINK_DIR gets a {@code libcudart.so} link). A mode that
 * cannot do its job exits non-zero, which fails the image build rather than a later container.
 */
public final class PrepareNatives {
  private PrepareNatives() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    switch (mode) {
      case "javacv" -> javacv();
      case "pytorch" -> System.out.println("PyTorch engine " + Engine.getEngine("PyTorch").getVersion() + " ready");
      case "pytorch-cuda" -> {
        if (args.length != 2) {
          throw new IllegalArgumentException("usage: pytorch-cuda LINK_DIR");
        }
        pytorchCuda(Path.of(args[1]));
      }
      default -> throw new IllegalArgumentException("mode must be javacv, pytorch or pytorch-cuda, got '" + mode + "'");
    }
  }

  private static void javacv() throws Exception {
    // The grabber's own loader pulls in every FFmpeg library ingest uses; the worker decodes
    // JPEG with OpenCV.
    FFmpegFrameGrabber.tryLoad();
    Loader.load(opencv_imgcodecs.class);
    Loader.load(opencv_imgproc.class);
    System.out.println("JavaCV natives unpacked in " + Loader.getCacheDir());
  }

  private static void pytorchCuda(Path linkDir) throws IOException {
    String flavor = System.getenv("PYTORCH_FLAVOR");
    if (flavor == null || !flavor.startsWith("cu")) {
      throw new IllegalStateException("PYTORCH_FLAVOR must name a CUDA flavour such as cu128, got " + flavor);
    }
    try {
      System.out.println("PyTorch engine " + Engine.getEngine("PyTorch").getVersion() + " loaded");
    } catch (RuntimeException | LinkageError e) {
      // A build host has no NVIDIA driver, so the CUDA build may refuse to load here; what this
      // step must guarantee is the download, which is checked next (a failed download ends there).
      System.out.println("PyTorch engine did not load here (" + e + "); checking that the CUDA build was fetched");
    }
    Path engineCache = Utils.getEngineCacheDir("pytorch");
    Path libtorch = find(engineCache, "-" + flavor + "-", "libtorch.so")
        .orElseThrow(() -> new IllegalStateException("DJL fetched no " + flavor + " libtorch into " + engineCache
            + " (is " + flavor + " published for this PyTorch version?)"));
    // DJL counts GPUs through libcudart loaded by JNA under its plain name; libtorch ships its
    // own copy under a hashed name, so link the plain name to it.
    Path cudart = find(libtorch.getParent(), "", "libcudart")
        .orElseThrow(() -> new IllegalStateException("no libcudart next to " + libtorch));
    Files.createDirectories(linkDir);
    Path link = linkDir.resolve("libcudart.so");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, cudart);
    System.out.println("CUDA libtorch in " + libtorch.getParent() + "; " + link + " -> " + cudart);
  }

  /** The first file under {@code root} whose parent directory name contains {@code dirPart} and whose name starts with {@code prefix}. */
  private static Optional<Path> find(Path root, String dirPart, String prefix) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getParent().getFileName().toString().contains(dirPart))
          .sorted()
          .findFirst();
    }
  }
}
