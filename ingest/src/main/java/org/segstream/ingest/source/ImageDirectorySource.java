package org.segstream.ingest.source;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A directory of still images played as a video: the images in name order, one every
 * {@code 1 / imageFps} seconds of stream time. The listing is taken at {@link #start()}, so images
 * added later show up on the next loop. An image that does not decode fails its {@link #grab()}
 * (a drop) and the next grab moves on to the following image.
 */
public final class ImageDirectorySource implements FrameSource {
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

  private final Path dir;
  private final SourceOptions options;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private List<Path> images;
  private int next;
  private long ptsUs = -1;
  /** The picture behind the last returned frame; kept until the next grab, as FFmpeg's is. */
  private Mat current;

  public ImageDirectorySource(Path dir, SourceOptions options) {
    this.dir = dir;
    this.options = options;
  }

  @Override
  public void start() throws CameraSourceException {
    try (Stream<Path> files = Files.list(dir)) {
      images = files.filter(ImageDirectorySource::isImage).sorted().toList();
    } catch (IOException e) {
      throw new CameraSourceException("cannot list image directory " + dir + ": " + e.getMessage(), e);
    }
    if (images.isEmpty()) {
      throw new CameraSourceException("image directory " + dir + " has no images (" + EXTENSIONS + ")");
    }
    next = 0;
    ptsUs = -1;
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && Files.isRegularFile(file)
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  @Override
  public Frame grab() throws CameraSourceException {
    if (images == null) {
      throw new IllegalStateException("image directory " + dir + " is not started");
    }
    if (next >= images.size()) {
      return null;
    }
    int index = next++;
    ptsUs = Math.round(index * 1_000_000 / frameRate());
    release();
    Mat picture = imread(images.get(index).toString(), IMREAD_COLOR);
    if (picture == null || picture.empty()) {
      throw new CameraSourceException("cannot decode image " + images.get(index));
    }
    current = fitted(picture);
    return converter.convert(current);
  }

  private Mat fitted(Mat picture) {
    int[] fit = options.fit(picture.cols(), picture.rows());
    if (fit[0] == picture.cols() && fit[1] == picture.rows()) {
      return picture;
    }
    Mat smaller = new Mat();
    try (Size size = new Size(fit[0], fit[1])) {
      resize(picture, smaller, size, 0, 0, INTER_AREA);
    }
    picture.close();
    return smaller;
  }

  @Override
  public long ptsUs() {
    return ptsUs;
  }

  @Override
  public double frameRate() {
    return options.imageFps() > 0 ? options.imageFps() : 1;
  }

  @Override
  public String source() {
    return dir.toString();
  }

  @Override
  public boolean isLive() {
    return false;
  }

  private void release() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void close() {
    release();
    images = null;
  }
}
