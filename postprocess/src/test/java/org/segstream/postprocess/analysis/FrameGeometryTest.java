package org.segstream.postprocess.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.TestMasks;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.Projection;

class FrameGeometryTest {

  @Test
  void blobsAreFourConnectedRegionsPerClass() {
    FrameGeometry g = FrameGeometry.of(rle(Projection.PINHOLE,
        "1100220",
        "1000020",
        "0011000"), 8);

    assertThat(g.blobs()).isEqualTo(new TreeMap<>(Map.of(0, 1L, 1, 2L, 2, 1L)));
    assertThat(g.sectorFractions()).isEmpty();
  }

  @Test
  void aMaskMeasuredAfterALargerOneOnTheSameThreadIsMeasuredOnItsOwnBytes() {
    // The thread's buffer still holds the larger mask's runs beyond the smaller one's.
    FrameGeometry.of(rle(Projection.PINHOLE, "1212121212", "2121212121", "1212121212"), 8);

    FrameGeometry g = FrameGeometry.of(rle(Projection.PINHOLE, "11", "33"), 8);

    assertThat(g.blobs()).isEqualTo(new TreeMap<>(Map.of(1, 1L, 3, 1L)));
  }

  @Test
  void pixelsTouchingOnlyDiagonallyAreSeparateBlobs() {
    FrameGeometry g = FrameGeometry.of(rle(Projection.PINHOLE,
        "10",
        "01"), 8);

    assertThat(g.blobs()).isEqualTo(new TreeMap<>(Map.of(0, 2L, 1, 2L)));
  }

  @Test
  void aRunSpanningRowsIsOneBlob() {
    // The RLE of a one-class map is a single run across all three rows.
    assertThat(FrameGeometry.of(rle(Projection.PINHOLE, "555", "555", "555"), 8).blobs())
        .isEqualTo(new TreeMap<>(Map.of(5, 1L)));
  }

  @Test
  void aPanoramaJoinsRegionsAcrossTheSeamAndAPinholeFrameDoesNot() {
    String[] rows = {"1001", "1001"};

    assertThat(FrameGeometry.of(rle(Projection.PINHOLE, rows), 2).blobs()).containsEntry(1, 2L);
    assertThat(FrameGeometry.of(rle(Projection.EQUIRECTANGULAR, rows), 2).blobs()).containsEntry(1, 1L);
  }

  @Test
  void sectorAreasAreTheClassShareOfEachAzimuthSector() {
    FrameGeometry g = FrameGeometry.of(rle(Projection.EQUIRECTANGULAR,
        "11000022",
        "10000022"), 4);

    assertThat(g.sectorFractions().get(1)).containsExactly(0.75, 0.0, 0.0, 0.0);
    assertThat(g.sectorFractions().get(2)).containsExactly(0.0, 0.0, 0.0, 1.0);
    assertThat(g.sectorFractions().get(0)).containsExactly(0.25, 1.0, 1.0, 0.0);
  }

  @Test
  void sectorsOfUnequalWidthAreNormalisedByTheirOwnPixels() {
    // 10 columns in 4 sectors: columns 0-2, 3-4, 5-7, 8-9.
    FrameGeometry g = FrameGeometry.of(rle(Projection.EQUIRECTANGULAR, "1110011000"), 4);

    assertThat(g.sectorFractions().get(1)).containsExactly(1.0, 0.0, 2.0 / 3, 0.0);
    double[] weighted = {3, 2, 3, 2};
    double total = 0;
    for (int k = 0; k < 4; k++) {
      total += weighted[k] * (g.sectorFractions().get(0).get(k) + g.sectorFractions().get(1).get(k));
    }
    assertThat(total).isCloseTo(10, within(1e-9));
  }

  @Test
  void runsOfOneClassSplitInTheDataCountAsOneRegion() {
    // "1100" as three runs, the 1s split in two: valid RLE that no encoder of ours writes, but
    // adjacent pieces of one class are one region.
    byte[] data = {1, 1, 1, 1, 0, 2};
    Mask mask = Mask.newBuilder().setWidth(4).setHeight(1).setProjection(Projection.PINHOLE)
        .setEncoding(MaskEncoding.MASK_RLE).setData(ByteString.copyFrom(data)).build();

    assertThat(FrameGeometry.of(mask, 8).blobs()).isEqualTo(new TreeMap<>(Map.of(0, 1L, 1, 1L)));
  }

  @Test
  void anIndexedPngMaskGivesTheSameGeometryAsItsRle() throws Exception {
    String[] rows = {"3300", "0330", "3003"};
    Mask rle = rle(Projection.EQUIRECTANGULAR, rows);
    Mask png = rle.toBuilder().setEncoding(MaskEncoding.MASK_PNG_INDEXED)
        .setData(ByteString.copyFrom(TestMasks.indexedPng(map(rows), 4, 3))).build();

    assertThat(FrameGeometry.of(png, 2)).isEqualTo(FrameGeometry.of(rle, 2));
    assertThat(FrameGeometry.of(png, 2).blobs()).containsEntry(3, 2L);
  }

  @Test
  void unreadablePngDataIsRefusedWithTheReason() {
    Mask bad = rle(Projection.PINHOLE, "12").toBuilder().setEncoding(MaskEncoding.MASK_PNG_INDEXED)
        .setData(ByteString.copyFromUtf8("not a png")).build();

    assertThatThrownBy(() -> FrameGeometry.of(bad, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PNG mask");
  }

  @Test
  void blobsMatchAFloodFillOfTheExpandedMapOnRandomScenes() {
    java.util.Random random = new java.util.Random(7);
    for (int scene = 0; scene < 500; scene++) {
      int width = 1 + random.nextInt(40);
      int height = 1 + random.nextInt(30);
      byte[] map = blockyMap(random, width, height, 1 + random.nextInt(4));
      for (Projection projection : new Projection[] {Projection.PINHOLE, Projection.EQUIRECTANGULAR}) {
        Mask mask = Mask.newBuilder().setWidth(width).setHeight(height).setProjection(projection)
            .setEncoding(MaskEncoding.MASK_RLE).setData(ByteString.copyFrom(MaskCodec.encode(map, width, height)))
            .build();

        assertThat(FrameGeometry.of(mask, 8).blobs()).as("scene %d, %s", scene, projection)
            .isEqualTo(floodFillBlobs(map, width, height, projection == Projection.EQUIRECTANGULAR));
      }
    }
  }

  /** Rows that mostly repeat the row above or the pixel to the left, as scenes do, with noise. */
  private static byte[] blockyMap(java.util.Random random, int width, int height, int classes) {
    byte[] map = new byte[width * height];
    for (int i = 0; i < map.length; i++) {
      double p = random.nextDouble();
      map[i] = (byte) (p < 0.6 && i >= width ? map[i - width]
          : p < 0.85 && i % width > 0 ? map[i - 1] : random.nextInt(classes));
    }
    return map;
  }

  /** The reference: regions of 4-connected pixels, found one pixel at a time. */
  private static Map<Integer, Long> floodFillBlobs(byte[] map, int width, int height, boolean wraps) {
    Map<Integer, Long> blobs = new TreeMap<>();
    boolean[] seen = new boolean[map.length];
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
    for (int start = 0; start < map.length; start++) {
      if (seen[start]) {
        continue;
      }
      blobs.merge(map[start] & 0xff, 1L, Long::sum);
      seen[start] = true;
      todo.add(start);
      while (!todo.isEmpty()) {
        int p = todo.poll();
        int x = p % width;
        int y = p / width;
        int[][] next = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
        for (int[] q : next) {
          int qx = wraps ? Math.floorMod(q[0], width) : q[0];
          if (qx < 0 || qx >= width || q[1] < 0 || q[1] >= height) {
            continue;
          }
          int i = q[1] * width + qx;
          if (!seen[i] && map[i] == map[p]) {
            seen[i] = true;
            todo.add(i);
          }
        }
      }
    }
    return blobs;
  }

  private static Mask rle(Projection projection, String... rows) {
    int width = rows[0].length();
    return Mask.newBuilder().setWidth(width).setHeight(rows.length).setProjection(projection)
        .setEncoding(MaskEncoding.MASK_RLE)
        .setData(ByteString.copyFrom(MaskCodec.encode(map(rows), width, rows.length))).build();
  }

  /** Rows of digits, each digit a pixel's class id. */
  private static byte[] map(String... rows) {
    int width = rows[0].length();
    byte[] map = new byte[width * rows.length];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < width; x++) {
        map[y * width + x] = (byte) (rows[y].charAt(x) - '0');
      }
    }
    return map;
  }

}
