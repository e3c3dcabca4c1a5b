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
  void aReducingDecoderDecodesJpegAtTheSmallestScaleStillCoveringTheModelInput() throws BadFrameException {
    FrameDecoder toModel = new FrameDecoder(4096 * 4096, 640, 320);
    assertThat(toModel.reduction(2048, 1024)).isEqualTo(2);
    assertThat(toModel.reduction(1280, 640)).isEqualTo(2);
    assertThat(toModel.reduction(1277, 640)).isEqualTo(1);
    assertThat(toModel.reduction(5120, 2560)).isEqualTo(8);
    try (Mat image = toModel.decode(frame(2048, 1024, ImageEncoding.JPEG, jpeg(2048, 1024)))) {
      assertThat(image.cols()).isEqualTo(1024);
      assertThat(image.rows()).isEqualTo(512);
    }
  }

  @Test
  void oddSidesDecodedAtAReducedScaleRoundUp() throws BadFrameException {
    try (Mat image = new FrameDecoder(4096 * 4096, 100, 50).decode(frame(641, 361, ImageEncoding.JPEG, jpeg(641, 361)))) {
      assertThat(image.cols()).isEqualTo(161);
      assertThat(image.rows()).isEqualTo(91);
    }
  }

  @Test
  void aReducingDecoderStillRefusesAJpegOfAnotherSizeThanDeclared() {
    FrameDecoder toModel = new FrameDecoder(4096 * 4096, 32, 16);
    assertThatThrownBy(() -> toModel.decode(frame(128, 64, ImageEncoding.JPEG, jpeg(64, 32))))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("frame declares 128x64 but its image is 16x8 decoded at 1/4");
  }

  @Test
  void pngFramesAreDecodedAtFullSizeEvenByAReducingDecoder() throws BadFrameException {
    try (Mat source = new Mat(64, 128, CV_8UC3, new Scalar(10, 20, 30, 0)); BytePointer out = new BytePointer()) {
      imencode(".png", source, out);
      byte[] png = new byte[(int) out.limit()];
      out.get(png);
      try (Mat image = new FrameDecoder(4096 * 4096, 32, 16).decode(frame(128, 64, ImageEncoding.PNG, png))) {
        assertThat(image.cols()).isEqualTo(128);
        assertThat(image.rows()).isEqualTo(64);
      }
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
