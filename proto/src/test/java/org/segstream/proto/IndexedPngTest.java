package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

class IndexedPngTest {
  private static final List<int[]> GREYS = IntStream.range(0, 256).mapToObj(v -> new int[] {v, v, v}).toList();

  @Test
  void everyClassIndexRoundTripsThroughTheMaskReader() {
    byte[] classes = new byte[33 * 17];
    new Random(7).nextBytes(classes);
    Mask mask = Mask.newBuilder().setWidth(33).setHeight(17).setEncoding(MaskEncoding.MASK_PNG_INDEXED)
        .setData(ByteString.copyFrom(new IndexedPng(GREYS).encode(classes, 33, 17))).build();
    assertThat(MaskMaps.classMap(mask)).containsExactly(classes);
  }

  @Test
  void thePaletteIsTheLabelSetsColours() throws Exception {
    byte[] png = new IndexedPng(List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6})).encode(new byte[] {0, 1, 1, 0}, 2, 2);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    IndexColorModel colours = (IndexColorModel) image.getColorModel();
    assertThat(new int[] {colours.getRed(1), colours.getGreen(1), colours.getBlue(1)}).containsExactly(4, 5, 6);
    assertThat(MaskMaps.indexedPng(png, 2, 2)).containsExactly(0, 1, 1, 0);
  }

  @Test
  void aPaletteHasOneTo256Colours() {
    assertThatThrownBy(() -> new IndexedPng(List.of())).isInstanceOf(IllegalArgumentException.class);
    List<int[]> tooMany = IntStream.range(0, 257).mapToObj(v -> new int[] {0, 0, 0}).toList();
    assertThatThrownBy(() -> new IndexedPng(tooMany)).hasMessageContaining("257");
  }

  @Test
  void aClassMapShorterThanTheImageIsRejected() {
    assertThatThrownBy(() -> new IndexedPng(GREYS).encode(new byte[5], 3, 2)).hasMessageContaining("need 6");
  }
}
