package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.ModelCardTest;

// Lengths are odd ones of each test's own: the pool is shared by the whole JVM.
class FloatArraysTest {
  @TempDir
  Path dir;

  @Test
  void aHandedBackArrayIsTakenAgainForTheSameLengthOnly() {
    int length = 3 * 7 * 11;
    PreparedFrame used = new PreparedFrame(FloatArrays.take(length), 1, 7, 11, false);
    FloatArrays.recycle(used.planes());

    assertThat(FloatArrays.take(3 * 7 * 12)).isNotSameAs(used.planes()).hasSize(3 * 7 * 12);
    assertThat(FloatArrays.take(length)).isSameAs(used.planes());
    assertThat(FloatArrays.take(length)).isNotSameAs(used.planes()).hasSize(length);
  }

  @Test
  void noMoreThanTheCapAreKeptPerLength() {
    int length = 3 * 5 * 13;
    Set<float[]> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < FloatArrays.MAX_KEPT + 10; i++) {
      PreparedFrame frame = new PreparedFrame(new float[length], 1, 5, 13, false);
      handedBack.add(frame.planes());
      FloatArrays.recycle(frame.planes());
    }
    List<float[]> taken = new ArrayList<>();
    for (int i = 0; i < FloatArrays.MAX_KEPT + 10; i++) {
      taken.add(FloatArrays.take(length));
    }
    assertThat(taken.stream().filter(handedBack::contains).count()).isEqualTo(FloatArrays.MAX_KEPT);
  }

  @Test
  void aFramePreparedIntoAReusedArrayIsTheSameAsIntoANewOne() throws IOException {
    Files.writeString(dir.resolve("model.json"), ModelCardTest.VALID.replace("\"height\": 256", "\"height\": 9")
        .replace("\"width\": 512", "\"width\": 17"));
    WholeImageTranslator translator = new WholeImageTranslator(ModelCard.load(dir));
    float[] stale = new float[3 * 9 * 17];
    Arrays.fill(stale, Float.NaN);
    FloatArrays.recycle(stale);
    try (Mat image = new Mat(30, 50, CV_8UC3)) {
      opencv_core.randu(image, new Mat(1, 1, opencv_core.CV_64F, new org.bytedeco.opencv.opencv_core.Scalar(0)),
          new Mat(1, 1, opencv_core.CV_64F, new org.bytedeco.opencv.opencv_core.Scalar(255)));
      PreparedFrame reused = translator.prepare(new FrameImage(image, false));
      PreparedFrame fresh = translator.prepare(new FrameImage(image, false));

      assertThat(reused.planes()).isSameAs(stale);
      assertThat(fresh.planes()).isNotSameAs(stale).containsExactly(reused.planes());
    }
  }
}
