package org.segstream.inference.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Class maps from low-resolution logits against PyTorch: the expected maps are
 * {@code F.interpolate(logits, size, mode="bilinear", align_corners=False).argmax(1)} of the same
 * values (3 classes, 4 x 8 logits, seed 3), computed once with torch 1.13.
 */
class LogitsTest {
  private static final float[] PADDED = {-0.15f, 0.72f, -1.56f, 0.14f, 1.33f, -0.57f, 3.24f, -3.19f, -0.10f, -0.61f,
      0.50f, -0.45f, 1.83f, 0.41f, 1.15f, 0.83f, 0.52f, 1.86f, -1.03f, -3.30f, 2.09f, 1.04f, -0.33f, 0.11f, 1.13f, 4.51f,
      3.74f, -2.39f, 2.00f, 0.92f, 4.87f, -0.29f, -0.95f, -0.59f, -0.70f, 0.70f, 0.07f, -0.14f, 0.86f, -1.74f, -0.54f,
      0.28f, 0.26f, 1.36f, -1.92f, 0.13f, 1.32f, 1.64f, -0.91f, 4.42f, -0.75f, -0.29f, 1.30f, -4.65f, 2.54f, -0.50f,
      1.92f, -2.58f, -3.30f, 1.66f, -1.67f, -1.06f, 2.71f, 2.76f, -0.15f, -0.85f, 0.84f, -0.52f, -3.17f, 2.79f, -2.06f,
      2.28f, 1.02f, -0.04f, -2.24f, -0.98f, -1.27f, -1.58f, -1.80f, -3.78f, 0.37f, -0.36f, -0.18f, -1.47f, 3.97f, 0.72f,
      -2.78f, -0.32f, 0.66f, 0.66f, 0.61f, -1.96f, 2.21f, -0.03f, -1.37f, -0.62f};
  private static final float[] UNPADDED = {0.72f, -1.56f, 0.14f, 1.33f, -0.57f, 3.24f, -0.61f, 0.50f, -0.45f, 1.83f,
      0.41f, 1.15f, 1.86f, -1.03f, -3.30f, 2.09f, 1.04f, -0.33f, 4.51f, 3.74f, -2.39f, 2.00f, 0.92f, 4.87f, -0.59f,
      -0.70f, 0.70f, 0.07f, -0.14f, 0.86f, 0.28f, 0.26f, 1.36f, -1.92f, 0.13f, 1.32f, 4.42f, -0.75f, -0.29f, 1.30f,
      -4.65f, 2.54f, -2.58f, -3.30f, 1.66f, -1.67f, -1.06f, 2.71f, -0.85f, 0.84f, -0.52f, -3.17f, 2.79f, -2.06f, -0.04f,
      -2.24f, -0.98f, -1.27f, -1.58f, -1.80f, -0.36f, -0.18f, -1.47f, 3.97f, 0.72f, -2.78f, 0.66f, 0.61f, -1.96f, 2.21f,
      -0.03f, -1.37f};
  /** 4 x 6 logits to 16 x 24, as the graph's upsampling to the input size. */
  private static final String[] UP4 = {"000022221110000022220000", "000022221110000022220000",
      "000022221110000022200000", "000011111110000002200000", "111111111110000000000000", "111110111110000000000000",
      "111110111110000000000111", "111111111111000000000111", "111111111111220000000111", "111111111112222220000111",
      "111112221112222220000111", "000000021111222220000111", "000000001111222200000000", "000000001111222000000000",
      "000000000111222000000000", "000000000111222000000000"};
  /** 4 x 8 logits with one column of padding each side to 16 x 32, then 4 output columns cropped each side. */
  private static final String[] PADDED4 = {"000022221110000022220000", "000022221110000022220000",
      "000022221110000022200000", "000011111110000002200000", "201111111110000000000000", "211110111110000000000001",
      "211110111110000000000111", "111111111111000000000111", "111111111111220000000111", "111111111112222220000111",
      "111112221112222220000111", "000000021111222220000111", "000000001111222200000001", "000000001111222000000001",
      "000000000111222000000000", "000000000111222000000000"};
  /** 4 x 6 logits to an odd 7 x 10, as to a frame's size. */
  private static final String[] ODD = {"0221100200", "0021100200", "1101100000", "1111100001", "1121122001",
      "0001122000", "0000120000"};

  private static String[] rows(ClassMap map) {
    String[] rows = new String[map.height()];
    for (int y = 0; y < map.height(); y++) {
      StringBuilder row = new StringBuilder();
      for (int x = 0; x < map.width(); x++) {
        row.append(map.classes()[y * map.width() + x]);
      }
      rows[y] = row.toString();
    }
    return rows;
  }

  @Test
  void upsamplingThenArgmaxIsPyTorchs() {
    Logits logits = new Logits(3, 4, 6, 0, UNPADDED);
    assertThat(rows(logits.argmaxAt(24, 16))).containsExactly(UP4);
    assertThat(rows(logits.argmaxAt(10, 7))).containsExactly(ODD);
  }

  @Test
  void aFrameOfABatchIsReadInPlaceFromTheBatchsArray() {
    // Two frames' logits back to back, as a batch's output is read: the second from its offset.
    float[] batch = new float[2 * UNPADDED.length];
    System.arraycopy(UNPADDED, 0, batch, UNPADDED.length, UNPADDED.length);

    assertThat(rows(new Logits(3, 4, 6, 0, batch, UNPADDED.length).argmaxAt(24, 16))).containsExactly(UP4);
    assertThatThrownBy(() -> new Logits(3, 4, 6, 0, batch, UNPADDED.length + 1)).hasMessageContaining("do not fit");
  }

  @Test
  void paddedPanoramaLogitsAreUpsampledWithTheirPaddingThenCropped() {
    assertThat(rows(new Logits(3, 4, 8, 1, PADDED).argmaxAt(24, 16))).containsExactly(PADDED4);
  }

  @Test
  void blendingOnlyAtClassBordersGivesWhatBlendingEverywhereGives() {
    Random random = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      int classes = 2 + random.nextInt(18);
      int h = 3 + random.nextInt(12);
      int w = 3 + random.nextInt(20);
      float[] values = new float[classes * h * w];
      // Smooth fields, so there are regions and borders as in a real network's output.
      for (int c = 0; c < classes; c++) {
        double fx = random.nextDouble();
        double fy = random.nextDouble();
        double phase = random.nextDouble() * 6;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            values[(c * h + y) * w + x] = (float) Math.sin(fx * x + fy * y + phase);
          }
        }
      }
      int outW = 1 + random.nextInt(64);
      int outH = 1 + random.nextInt(48);
      Logits logits = new Logits(classes, h, w, 0, values);
      assertThat(logits.argmaxAt(outW, outH).classes()).as("trial %d", trial)
          .containsExactly(blendEverywhere(classes, h, w, values, outW, outH));
    }
  }

  @Test
  void aMapWithLogitsScalesFromThemAndOneWithoutByNearestNeighbour() {
    Logits logits = new Logits(3, 4, 6, 0, UNPADDED);
    ClassMap withLogits = ClassMap.fromLogits(logits, 24, 16);
    assertThat(rows(withLogits)).containsExactly(UP4);
    assertThat(rows(withLogits.at(10, 7))).containsExactly(ODD);
    ClassMap plain = new ClassMap(2, 1, new byte[] {1, 2});
    assertThat(plain.at(4, 1).classes()).containsExactly(1, 1, 2, 2);
    assertThatThrownBy(() -> new Logits(3, 4, 6, 0, new float[5])).hasMessageContaining("do not fit");
  }

  @Test
  void aReleasedMapHandsItsLogitsBackAndRefusesReadsThatNeedThem() {
    float[] values = UNPADDED.clone();
    ClassMap read = ClassMap.fromLogits(new Logits(3, 4, 6, 0, values), 24, 16);
    byte[] classes = read.classes();
    read.release();
    read.release(); // once only: a second hand-back would give one array to two frames
    assertThat(read.classes()).isSameAs(classes);
    assertThat(FloatArrays.take(values.length)).isSameAs(values);
    assertThat(FloatArrays.take(values.length)).isNotSameAs(values);

    ClassMap unread = ClassMap.fromLogits(new Logits(3, 4, 6, 0, UNPADDED.clone()), 24, 16);
    unread.release();
    assertThatThrownBy(unread::classes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> unread.at(10, 7)).isInstanceOf(IllegalStateException.class);
  }

  /** The definition: every output pixel blends all classes, then takes the argmax. */
  private static byte[] blendEverywhere(int classes, int h, int w, float[] v, int outW, int outH) {
    byte[] out = new byte[outW * outH];
    for (int y = 0; y < outH; y++) {
      float sy = Math.max((float) h / outH * (y + 0.5f) - 0.5f, 0f);
      int y0 = Math.min((int) sy, h - 1);
      int y1 = Math.min(y0 + 1, h - 1);
      float ly = sy - y0;
      for (int x = 0; x < outW; x++) {
        float sx = Math.max((float) w / outW * (x + 0.5f) - 0.5f, 0f);
        int x0 = Math.min((int) sx, w - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        float lx = sx - x0;
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          int b = c * h * w;
          float value = (1 - ly) * ((1 - lx) * v[b + y0 * w + x0] + lx * v[b + y0 * w + x1])
              + ly * ((1 - lx) * v[b + y1 * w + x0] + lx * v[b + y1 * w + x1]);
          if (value > bestValue) {
            bestValue = value;
            best = c;
          }
        }
        out[y * outW + x] = (byte) best;
      }
    }
    return out;
  }
}
