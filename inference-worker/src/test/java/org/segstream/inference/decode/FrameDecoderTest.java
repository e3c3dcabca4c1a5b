package org.segstream.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import com.google.protobuf.ByteString;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;

public class FrameDecoderTest {
  private final FrameDecoder decoder = new FrameDecoder(4096 * 4096);

  public static byte[] jpeg(int width, int height) {
    try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(40, 80, 120, 0)); BytePointer out = new BytePointer()) {
      imencode(".jpg", image, out);
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  private static Frame frame(int width, int height, ImageEncoding encoding, byte[] data) {
    return Frame.newBuilder().setCameraId("c").setWidth(width).setHeight(height).setEncoding(encoding)
        .setData(ByteString.copyFrom(data)).build();
  }

  @Test
  void jpegDecodesToItsSize() throws BadFrameException {
    try (Mat image = decoder.decode(frame(64, 32, ImageEncoding.JPEG, jpeg(64, 32)))) {
      assertThat(image.cols()).isEqualTo(64);
      assertThat(image.rows()).isEqualTo(32);
      assertThat(image.channels()).isEqualTo(3);
    }
  }

  @Test
  void rawBgrIsWrapped() throws BadFrameException {
    try (Mat image = decoder.decode(frame(2, 2, ImageEncoding.RAW_BGR, new byte[12]))) {
      assertThat(image.cols()).isEqualTo(2);
    }
  }

  @Test
  void bytesThatAreNoImageAreRejectedWithAReason() {
    assertThatThrownBy(() -> decoder.decode(frame(64, 32, ImageEncoding.JPEG, "hello".getBytes())))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("not a decodable JPEG image");
  }

  @Test
  void zeroSizeFramesAreRejected() {
    assertThatThrownBy(() -> decoder.decode(frame(0, 0, ImageEncoding.JPEG, jpeg(8, 8))))
        .hasMessageContaining("empty size");
  }

  @Test
  void declaredSizeMustMatchTheImage() {
    assertThatThrownBy(() -> decoder.decode(frame(100, 32, ImageEncoding.JPEG, jpeg(64, 32))))
        .hasMessageContaining("declares 100x32 but its image is 64x32");
  }

  @Test
  void framesOverThePixelLimitAreRejected() {
    FrameDecoder small = new FrameDecoder(100);
    assertThatThrownBy(() -> small.decode(frame(64, 32, ImageEncoding.JPEG, jpeg(64, 32))))
        .hasMessageContaining("exceeds the worker's limit");
  }

  @Test
  void rawBgrOfTheWrongLengthIsRejected() {
    assertThatThrownBy(() -> decoder.decode(frame(2, 2, ImageEncoding.RAW_BGR, new byte[5])))
        .hasMessageContaining("needs 12");
  }
}
