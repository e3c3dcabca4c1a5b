package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskCodecTest {

  @Test
  void emptyMapEncodesToNoBytesAndBack() {
    assertThat(MaskCodec.encode(new byte[0], 0, 0)).isEmpty();
    assertThat(MaskCodec.decode(new byte[0], 0, 0)).isEmpty();
  }

  @Test
  void singleClassMapIsOneRun() {
    byte[] map = new byte[640 * 480];
    java.util.Arrays.fill(map, (byte) 11);
    byte[] rle = MaskCodec.encode(map, 640, 480);
    // 307200 = 0x4B000 needs three 7-bit groups.
    assertThat(rle).containsExactly(11, 0x80, 0xE0, 0x12);
    assertThat(MaskCodec.decode(rle, 640, 480)).isEqualTo(map);
  }

  @Test
  void documentedExampleMatchesTheProto() {
    byte[] map = {7, 7, 7, 7, 2, 2};
    assertThat(MaskCodec.encode(map, 3, 2)).containsExactly(7, 4, 2, 2);
  }

  @Test
  void alternatingPixelsRoundTrip() {
    byte[] map = new byte[33 * 17];
    for (int i = 0; i < map.length; i++) {
      map[i] = (byte) (i % 2 == 0 ? 0 : 255);
    }
    byte[] rle = MaskCodec.encode(map, 33, 17);
    assertThat(rle).hasSize(2 * map.length);
    assertThat(MaskCodec.decode(rle, 33, 17)).isEqualTo(map);
  }

  @Test
  void all256ValuesRoundTripAndCount() {
    byte[] map = new byte[256 * 3];
    for (int i = 0; i < map.length; i++) {
      map[i] = (byte) (i / 3);
    }
    byte[] rle = MaskCodec.encode(map, 256, 3);
    assertThat(MaskCodec.decode(rle, 256, 3)).isEqualTo(map);
    long[] counts = MaskCodec.classCounts(rle, 256, 3);
    for (int c = 0; c < 256; c++) {
      assertThat(counts[c]).as("class %d", c).isEqualTo(3);
    }
  }

  @Test
  void large4096x2048MapRoundTripsWithMatchingCounts() {
    int w = 4096;
    int h = 2048;
    byte[] map = new byte[w * h];
    Random random = new Random(42);
    // Horizontal bands with random-length segments, like a street scene's rows.
    for (int y = 0; y < h; y++) {
      int x = 0;
      while (x < w) {
        int len = 1 + random.nextInt(400);
        byte cls = (byte) random.nextInt(19);
        for (int i = x; i < Math.min(w, x + len); i++) {
          map[y * w + i] = cls;
        }
        x += len;
      }
    }
    byte[] rle = MaskCodec.encode(map, w, h);
    assertThat(MaskCodec.decode(rle, w, h)).isEqualTo(map);
    assertThat(MaskCodec.classCounts(rle, w, h)).isEqualTo(MaskCodec.classCounts(map, map.length));
  }

  @Test
  void runsThatOverflowTheMapAreRejected() {
    assertThatThrownBy(() -> MaskCodec.decode(new byte[] {1, 7}, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }

  @Test
  void runsThatUnderfillTheMapAreRejected() {
    assertThatThrownBy(() -> MaskCodec.decode(new byte[] {1, 5}, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cover 5 of 6");
  }

  @Test
  void truncatedVarintIsRejected() {
    assertThatThrownBy(() -> MaskCodec.decode(new byte[] {1, (byte) 0x81}, 200, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends inside a run length");
  }

  @Test
  void countingRejectsWhatDecodingRejects() {
    assertThatThrownBy(() -> MaskCodec.classCounts(new byte[] {1, 0, 1, 2}, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MaskCodec.classCounts(new byte[] {1, (byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}, 2, 1))
        .hasMessageContaining("varint too long");
  }

  @Test
  void zeroLengthRunIsRejected() {
    assertThatThrownBy(() -> MaskCodec.decode(new byte[] {1, 0, 1, 2}, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBufferLongerThanTheMaskIsReadOnlyUpToItsSize() {
    byte[] map = {0, 0, 1, 1, 1, 2, 2, 2};
    byte[] rle = MaskCodec.encode(map, 4, 2);
    byte[] buffer = java.util.Arrays.copyOf(rle, rle.length + 6);
    // Leftovers of a longer mask after the data: read, they would overflow the map.
    java.util.Arrays.fill(buffer, rle.length, buffer.length, (byte) 7);
    StringBuilder rows = new StringBuilder();
    MaskCodec.forEachRow(buffer, rle.length, 4, 2, new int[4], new int[4], (row, ends, classes, count) -> {
      for (int k = 0; k < count; k++) {
        rows.append(row).append(':').append(classes[k]).append('<').append(ends[k]).append(' ');
      }
    });

    assertThat(rows.toString()).isEqualTo("0:0<2 0:1<4 1:1<1 1:2<4 ");
    assertThatThrownBy(() -> MaskCodec.forEachRow(buffer, buffer.length, 4, 2, new int[4], new int[4],
        (row, ends, classes, count) -> {}))
        .hasMessageContaining("does not fit");
    assertThatThrownBy(() -> MaskCodec.forEachRow(rle, rle.length + 1, 4, 2, new int[4], new int[4],
        (row, ends, classes, count) -> {}))
        .hasMessageContaining("outside a buffer of " + rle.length);
  }
}
