package org.segstream.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class DemoScenesTest {

  private static byte[] pixels(Scene scene, double seconds) {
    try (Mat m = new Mat(scene.height(), scene.width(), CV_8UC3)) {
      scene.render(seconds, m);
      byte[] out = new byte[scene.width() * scene.height() * 3];
      m.data().get(out);
      return out;
    }
  }

  /** Mean absolute difference between two columns of a rendered panorama, over rows y0..y1. */
  private static double columnDifference(Mat m, int a, int b, int y0, int y1) {
    try (UByteIndexer px = m.createIndexer()) {
      long sum = 0;
      for (int y = y0; y < y1; y++) {
        for (int c = 0; c < 3; c++) {
          sum += Math.abs(px.get(y, a, c) - px.get(y, b, c));
        }
      }
      return sum / (3.0 * (y1 - y0));
    }
  }

  @Test
  void sameSeedDrawsTheSamePictures() {
    assertThat(pixels(new StreetScene(42), 1.5)).isEqualTo(pixels(new StreetScene(42), 1.5));
    assertThat(pixels(new PlazaPanoramaScene(42), 1.5)).isEqualTo(pixels(new PlazaPanoramaScene(42), 1.5));
  }

  @Test
  void differentSeedsDrawDifferentStreets() {
    assertThat(pixels(new StreetScene(1), 0)).isNotEqualTo(pixels(new StreetScene(2), 0));
  }

  @Test
  void streetChangesFromFrameToFrame() {
    StreetScene scene = new StreetScene(42);
    assertThat(pixels(scene, 0)).isNotEqualTo(pixels(scene, 0.1));
  }

  @Test
  void panoramaHasNoSeamBetweenItsLastAndFirstColumnsInAnyFrame() {
    PlazaPanoramaScene scene = new PlazaPanoramaScene(DemoClips.DEFAULT_SEED);
    try (Mat m = new Mat(scene.height(), scene.width(), CV_8UC3)) {
      for (int i = 0; i < 100; i += 5) {
        scene.render(i / 10.0, m);
        double seam = columnDifference(m, scene.width() - 1, 0, 0, scene.height());
        // A seam would stand out among the steps between neighbouring columns elsewhere.
        double[] steps = new double[scene.width() - 1];
        for (int x = 0; x < steps.length; x++) {
          steps[x] = columnDifference(m, x, x + 1, 0, scene.height());
        }
        java.util.Arrays.sort(steps);
        assertThat(seam).as("seam step at frame %d", i).isLessThanOrEqualTo(steps[steps.length * 95 / 100]);
      }
    }
  }

  @Test
  void vehiclesCrossTheSeam() {
    PlazaPanoramaScene scene = new PlazaPanoramaScene(DemoClips.DEFAULT_SEED);
    int y0 = PlazaPanoramaScene.SIDEWALK_END + 5;
    int y1 = PlazaPanoramaScene.ROAD_END;
    int frames = 100;
    int[][][] edges = new int[2][frames][];
    try (Mat m = new Mat(scene.height(), scene.width(), CV_8UC3); UByteIndexer px = m.createIndexer()) {
      for (int i = 0; i < frames; i++) {
        scene.render(i / 10.0, m);
        edges[0][i] = roadColumn(px, 0, y0, y1);
        edges[1][i] = roadColumn(px, scene.width() - 1, y0, y1);
      }
    }
    // The empty road is what each edge column shows most of the time: its median over the clip.
    int[][] road = {median(edges[0]), median(edges[1])};
    int crossings = 0;
    for (int i = 0; i < frames; i++) {
      if (occupied(edges[0][i], road[0]) && occupied(edges[1][i], road[1])) {
        crossings++;
      }
    }
    assertThat(crossings).as("frames with a vehicle on both sides of the seam").isGreaterThan(2);
  }

  private static int[] roadColumn(UByteIndexer px, int x, int y0, int y1) {
    int[] values = new int[(y1 - y0) * 3];
    for (int y = y0; y < y1; y++) {
      for (int c = 0; c < 3; c++) {
        values[(y - y0) * 3 + c] = px.get(y, x, c);
      }
    }
    return values;
  }

  private static int[] median(int[][] series) {
    int[] median = new int[series[0].length];
    for (int k = 0; k < median.length; k++) {
      int[] values = new int[series.length];
      for (int i = 0; i < series.length; i++) {
        values[i] = series[i][k];
      }
      java.util.Arrays.sort(values);
      median[k] = values[values.length / 2];
    }
    return median;
  }

  /**
   * Whether a tenth of the column's pixels are far from the empty road in some channel: farther
   * than the scene's lighting drift moves them, so only an object counts.
   */
  private static boolean occupied(int[] column, int[] road) {
    int far = 0;
    for (int p = 0; p < column.length; p += 3) {
      int d = 0;
      for (int c = 0; c < 3; c++) {
        d = Math.max(d, Math.abs(column[p + c] - road[p + c]));
      }
      if (d > 45) {
        far++;
      }
    }
    return far * 10 > column.length / 3;
  }
}
