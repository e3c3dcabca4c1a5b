package org.segstream.ingest.encode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes BGR pictures to baseline three-channel JPEG with OpenCV's {@code imencode}, which is
 * several times faster than ImageIO and reads JavaCV frames without copying them. Not
 * thread-safe: one per camera thread. Close it to free its native buffers.
 */
public final class JpegEncoder implements AutoCloseable {
  private final int quality;
  private final IntPointer params;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  /** Scratch picture for sources that are not 3-channel BGR; reused to spare an allocation per frame. */
  private final Mat bgr = new Mat();

  /** @param quality JPEG quality 1..100 */
  public JpegEncoder(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
    }
    this.quality = quality;
    this.params = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
  }

  public int quality() {
    return quality;
  }

  /** Encodes a JavaCV video frame (as grabbed: BGR, gray or BGRA). */
  public byte[] encode(Frame frame) {
    if (frame == null || frame.image == null) {
      throw new IllegalArgumentException("frame has no picture to encode");
    }
    return encode(converter.convert(frame));
  }

  /** Encodes an OpenCV picture of 8-bit BGR, gray or BGRA pixels. */
  public byte[] encode(Mat image) {
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("picture to encode is empty");
    }
    Mat input = image;
    if (image.channels() == 1) {
      cvtColor(image, bgr, COLOR_GRAY2BGR);
      input = bgr;
    } else if (image.channels() == 4) {
      cvtColor(image, bgr, COLOR_BGRA2BGR);
      input = bgr;
    }
    // imencode hands back a std::vector copied into fresh native memory that this pointer owns.
    try (BytePointer out = new BytePointer()) {
      if (!imencode(".jpg", input, out, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + image.cols() + "x" + image.rows()
            + " picture with " + image.channels() + " channels as JPEG");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  @Override
  public void close() {
    converter.close();
    bgr.close();
    params.close();
  }
}
