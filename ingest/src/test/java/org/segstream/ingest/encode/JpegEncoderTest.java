package org.segstream.ingest.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

  private static Mat decode(byte[] jpeg) {
    try (BytePointer pointer = new BytePointer(jpeg); Mat buffer = new Mat(1, jpeg.length, CV_8UC1, pointer)) {
      return imdecode(buffer, IMREAD_UNCHANGED);
    }
  }

  @Test
  void encodedPictureDecodesToTheSameSizeAndColour() {
    try (JpegEncoder encoder = new JpegEncoder(90); Mat picture = new Mat(48, 64, CV_8UC3, new Scalar(200, 100, 50, 0))) {
      byte[] jpeg = encoder.encode(picture);
      assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
      try (Mat decoded = decode(jpeg)) {
        assertThat(decoded.cols()).isEqualTo(64);
        assertThat(decoded.rows()).isEqualTo(48);
        assertThat(decoded.channels()).isEqualTo(3);
        assertThat(decoded.ptr(24, 32).get(0) & 0xFF).isBetween(195, 205);
        assertThat(decoded.ptr(24, 32).get(2) & 0xFF).isBetween(45, 55);
      }
    }
  }

  @Test
  void javaCvFrameIsEncodedWithoutConversionByTheCaller() {
    try (JpegEncoder encoder = new JpegEncoder(85);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Mat picture = new Mat(360, 640, CV_8UC3, new Scalar(10, 20, 30, 0))) {
      Frame frame = converter.convert(picture);
      try (Mat decoded = decode(encoder.encode(frame))) {
        assertThat(decoded.cols()).isEqualTo(640);
        assertThat(decoded.rows()).isEqualTo(360);
      }
    }
  }

  @Test
  void grayPictureBecomesThreeChannelJpeg() {
    try (JpegEncoder encoder = new JpegEncoder(90); Mat gray = new Mat(20, 30, CV_8UC1, new Scalar(128))) {
      try (Mat decoded = decode(encoder.encode(gray))) {
        assertThat(decoded.channels()).isEqualTo(3);
      }
    }
  }

  @Test
  void lowerQualityMakesSmallerFiles() {
    byte[] bytes = new byte[120 * 160 * 3];
    new java.util.Random(1).nextBytes(bytes);
    try (Mat noise = new Mat(120, 160, CV_8UC3)) {
      noise.data().put(bytes);
      try (JpegEncoder high = new JpegEncoder(95); JpegEncoder low = new JpegEncoder(30)) {
        assertThat(low.encode(noise).length).isLessThan(high.encode(noise).length);
      }
    }
  }

  @Test
  void qualityOutside1To100IsRejected() {
    assertThatThrownBy(() -> new JpegEncoder(0)).hasMessageContaining("quality");
    assertThatThrownBy(() -> new JpegEncoder(101)).hasMessageContaining("quality");
  }
}
