package org.segstream.inference.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import com.google.protobuf.InvalidProtocolBufferException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.segstream.inference.decode.BadFrameException.Problem;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;

/**
 * Turns a {@link Frame}'s bytes into a BGR {@link Mat} the translator can read, or says why not.
 * The caller closes the returned Mat.
 */
public final class FrameDecoder {
  // libjpeg scales while it decodes (smaller inverse DCTs and colour conversion); OpenCV offers 1/2, 1/4, 1/8.
  private static final int[] REDUCTIONS = {8, 4, 2};

  private final int maxPixels;
  private final int minWidth;
  private final int minHeight;

  /** @param maxPixels frames with more pixels than this are refused (memory bound per frame) */
  public FrameDecoder(int maxPixels) {
    this(maxPixels, 0, 0);
  }

  /**
   * A decoder that decodes a JPEG frame at 1/2, 1/4 or 1/8 of its size, the smallest that still
   * covers {@code minWidth × minHeight} (the model's input, which the frame is stretched to next),
   * and at full size if none does; 0 for either decodes every frame at full size. Other
   * encodings are always decoded at full size: only JPEG gets cheaper when scaled.
   */
  public FrameDecoder(int maxPixels, int minWidth, int minHeight) {
    this.maxPixels = maxPixels;
    this.minWidth = minWidth;
    this.minHeight = minHeight;
  }

  /** How much smaller than {@code width × height} a JPEG frame is decoded: 1, 2, 4 or 8. */
  public int reduction(int width, int height) {
    if (minWidth <= 0 || minHeight <= 0) {
      return 1;
    }
    for (int factor : REDUCTIONS) {
      if (scaled(width, factor) >= minWidth && scaled(height, factor) >= minHeight) {
        return factor;
      }
    }
    return 1;
  }

  /** A side of {@code size} pixels decoded at 1/{@code factor}: libjpeg rounds up. */
  private static int scaled(int size, int factor) {
    return (size + factor - 1) / factor;
  }

  /**
   * Loads OpenCV's native libraries on the calling thread. JavaCPP initialises its Pointer class
   * and loads libraries under two different locks, and two threads doing both for the first time
   * at once deadlock (bytedeco/javacpp#737; seen here between a lane's warm-up and the demo's
   * ingest loading FFmpeg), so a worker does it once before it starts its threads.
   */
  public static void loadNatives() {
    Loader.load(opencv_imgcodecs.class);
    Loader.load(opencv_imgproc.class);
  }

  /** Parses a frames-topic record's value. */
  public static Frame parse(byte[] value) throws BadFrameException {
    if (value == null) {
      throw new BadFrameException(Problem.NOT_A_FRAME, "record has no value");
    }
    try {
      return Frame.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new BadFrameException(Problem.NOT_A_FRAME, "record is not a Frame: " + e.getMessage());
    }
  }

  public Mat decode(Frame frame) throws BadFrameException {
    long pixels = (long) frame.getWidth() * frame.getHeight();
    if (frame.getWidth() == 0 || frame.getHeight() == 0) {
      throw new BadFrameException(Problem.EMPTY, "frame declares an empty size " + frame.getWidth() + "x" + frame.getHeight());
    }
    if (pixels > maxPixels) {
      throw new BadFrameException(Problem.TOO_LARGE, "frame of " + frame.getWidth() + "x" + frame.getHeight()
          + " exceeds the worker's limit of " + maxPixels + " pixels");
    }
    int factor = frame.getEncoding() == ImageEncoding.JPEG ? reduction(frame.getWidth(), frame.getHeight()) : 1;
    Mat image = switch (frame.getEncoding()) {
      case JPEG, PNG -> decodeCompressed(frame, factor);
      case RAW_BGR -> wrapRaw(frame);
      default -> throw new BadFrameException(Problem.UNSUPPORTED_ENCODING, "unsupported frame encoding " + frame.getEncoding());
    };
    if (image.cols() != scaled(frame.getWidth(), factor) || image.rows() != scaled(frame.getHeight(), factor)) {
      String actual = image.cols() + "x" + image.rows() + (factor == 1 ? "" : " decoded at 1/" + factor);
      image.close();
      throw new BadFrameException(Problem.WRONG_DIMENSIONS, "frame declares " + frame.getWidth() + "x" + frame.getHeight()
          + " but its image is " + actual);
    }
    return image;
  }

  private static Mat decodeCompressed(Frame frame, int factor) throws BadFrameException {
    byte[] bytes = frame.getData().toByteArray();
    int flags = switch (factor) {
      case 2 -> IMREAD_REDUCED_COLOR_2;
      case 4 -> IMREAD_REDUCED_COLOR_4;
      case 8 -> IMREAD_REDUCED_COLOR_8;
      default -> IMREAD_COLOR;
    };
    Mat image;
    try (BytePointer pointer = new BytePointer(bytes); Mat buffer = new Mat(1, bytes.length, 0, pointer)) {
      image = imdecode(buffer, flags);
    }
    if (image == null || image.empty()) {
      if (image != null) {
        image.close();
      }
      throw new BadFrameException(Problem.UNDECODABLE, "frame data (" + bytes.length + " bytes) is not a decodable "
          + frame.getEncoding() + " image");
    }
    return image;
  }

  private static Mat wrapRaw(Frame frame) throws BadFrameException {
    long expected = (long) frame.getWidth() * frame.getHeight() * 3;
    if (frame.getData().size() != expected) {
      throw new BadFrameException(Problem.WRONG_DIMENSIONS, "RAW_BGR frame has " + frame.getData().size() + " bytes, "
          + frame.getWidth() + "x" + frame.getHeight() + " needs " + expected);
    }
    Mat image = new Mat(frame.getHeight(), frame.getWidth(), CV_8UC3);
    image.data().put(frame.getData().toByteArray());
    return image;
  }
}
