package org.segstream.client.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.segstream.proto.LabelSets;
import org.segstream.proto.LabelSets.LabelSet;

class OverlayRendererTest {
  private static final LabelSet CITY = LabelSets.CITYSCAPES_19;

  /** 2x2: road, car / person, 255 (outside the set). */
  private static MaskImage small() {
    return new MaskImage(new byte[] {0, 13, 11, (byte) 255}, 2, 2, CITY.id(), Optional.of(CITY));
  }

  @Test
  void colourMaskUsesThePaletteAndScalesByNearestNeighbour() {
    BufferedImage out = new OverlayRenderer(Palette.of(CITY), 1).colourMask(small(), 4, 4);
    int road = 128 << 16 | 64 << 8 | 128;
    int car = 0 << 16 | 0 << 8 | 142;
    int person = 220 << 16 | 20 << 8 | 60;
    int[][] expected = {
        {road, road, car, car},
        {road, road, car, car},
        {person, person, Palette.OUTSIDE, Palette.OUTSIDE},
        {person, person, Palette.OUTSIDE, Palette.OUTSIDE}};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(out.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(expected[y][x]);
      }
    }
  }

  @Test
  void overlayBlendsEveryChannelWithAlpha() {
    BufferedImage frame = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    int grey = 100 << 16 | 100 << 8 | 100;
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        frame.setRGB(x, y, grey);
      }
    }
    BufferedImage out = new OverlayRenderer(Palette.of(CITY), 0.25).overlay(frame, small());
    // road (128, 64, 128) at a quarter over grey 100: (100*192 + 128*64) >> 8 = 107, (100*192 + 64*64) >> 8 = 91.
    assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(107 << 16 | 91 << 8 | 107);
    // car (0, 0, 142): 75, 75, (100*192 + 142*64) >> 8 = 110.
    assertThat(out.getRGB(1, 0) & 0xffffff).isEqualTo(75 << 16 | 75 << 8 | 110);
    // black outside the set darkens by a quarter.
    assertThat(out.getRGB(1, 1) & 0xffffff).isEqualTo(75 << 16 | 75 << 8 | 75);
    assertThat(frame.getRGB(0, 0) & 0xffffff).as("the frame is left as it was").isEqualTo(grey);
  }

  @Test
  void alphaZeroAndOneAreTheFrameAndTheMask() {
    BufferedImage frame = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
    frame.setRGB(3, 3, 0x123456);
    assertThat(new OverlayRenderer(Palette.of(CITY), 0).overlay(frame, small()).getRGB(3, 3) & 0xffffff)
        .isEqualTo(0x123456);
    assertThat(new OverlayRenderer(Palette.of(CITY), 1).overlay(frame, small()).getRGB(0, 0) & 0xffffff)
        .isEqualTo(128 << 16 | 64 << 8 | 128);
  }

  @Test
  void aBadAlphaOrAnUnknownLabelSetIsAClearError() {
    assertThatThrownBy(() -> new OverlayRenderer(Palette.of(CITY), 1.5)).hasMessageContaining("alpha");
    MaskImage unknown = new MaskImage(new byte[] {0}, 1, 1, "mystery-7", Optional.empty());
    assertThatThrownBy(unknown::requireLabelSet).hasMessageContaining("unknown label set 'mystery-7'")
        .hasMessageContaining("cityscapes-19");
  }

  @Test
  void legendHasOneSwatchPerClassInTheClassColour() {
    List<Integer> classes = Legend.classes(CITY, small().present());
    assertThat(classes).containsExactly(0, 11, 13);
    BufferedImage legend = Legend.render(CITY, classes);
    assertThat(legend.getHeight()).isEqualTo(3 * Legend.ROW);
    Palette palette = Palette.of(CITY);
    for (int row = 0; row < classes.size(); row++) {
      int top = row * Legend.ROW + Legend.MARGIN;
      for (int y = top; y < top + Legend.SWATCH; y++) {
        for (int x = Legend.MARGIN; x < Legend.MARGIN + Legend.SWATCH; x++) {
          assertThat(legend.getRGB(x, y) & 0xffffff).isEqualTo(palette.rgb(classes.get(row)));
        }
      }
      assertThat(legend.getRGB(0, top) & 0xffffff).as("background").isEqualTo(0xffffff);
      // The name is drawn: some dark pixels right of the swatch.
      int dark = 0;
      for (int y = row * Legend.ROW; y < (row + 1) * Legend.ROW; y++) {
        for (int x = Legend.MARGIN * 2 + Legend.SWATCH + 4; x < legend.getWidth(); x++) {
          dark += (legend.getRGB(x, y) & 0xff) < 100 ? 1 : 0;
        }
      }
      assertThat(dark).as("text of row %d", row).isGreaterThan(10);
    }
    assertThat(Legend.lines(CITY, classes)).containsExactly(
        "  0 road             #804080", " 11 person           #dc143c", " 13 car              #00008e");
  }
}
