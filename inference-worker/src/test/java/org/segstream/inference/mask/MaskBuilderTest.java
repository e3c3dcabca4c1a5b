package org.segstream.inference.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.ModelCardTest;
import org.segstream.inference.translate.ClassMap;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.MaskTimings;

class MaskBuilderTest {
  @TempDir
  Path dir;

  private static final ClassMap MAP = new ClassMap(4, 2, new byte[] {0, 0, 1, 1, 1, 1, 1, 0});
  private static final Frame FRAME = Frame.newBuilder().setCameraId("cam").setSequence(7).setCaptureTimeUs(5)
      .setWidth(8).setHeight(4).build();

  private ModelCard card(String json) throws IOException {
    Files.writeString(dir.resolve("model.json"), json);
    return ModelCard.load(dir);
  }

  @Test
  void runLengthMaskAtModelResolutionCarriesTheFrameIdentityAndCounts() throws IOException {
    Mask mask = new MaskBuilder(card(ModelCardTest.VALID), "w-0", MaskFormat.RLE, MaskResolution.MODEL)
        .build(FRAME, MAP, MaskTimings.getDefaultInstance());
    assertThat(mask.getEncoding()).isEqualTo(MaskEncoding.MASK_RLE);
    assertThat(mask.getWidth()).isEqualTo(4);
    assertThat(MaskCodec.decode(mask.getData().toByteArray(), 4, 2)).containsExactly(MAP.classes());
    assertThat(mask.getClassCountsList()).extracting(c -> c.getClassId() + ":" + c.getPixels()).containsExactly("0:3", "1:5");
    assertThat(mask.getCameraId()).isEqualTo("cam");
    assertThat(mask.getSequence()).isEqualTo(7);
    assertThat(mask.getFrameWidth()).isEqualTo(8);
  }

  @Test
  void frameResolutionScalesTheMapAndItsCounts() throws IOException {
    Mask mask = new MaskBuilder(card(ModelCardTest.VALID), "w-0", MaskFormat.RLE, MaskResolution.FRAME)
        .build(FRAME, MAP, MaskTimings.getDefaultInstance());
    assertThat(mask.getWidth()).isEqualTo(8);
    assertThat(mask.getHeight()).isEqualTo(4);
    assertThat(mask.getClassCountsList()).extracting(c -> c.getClassId() + ":" + c.getPixels()).containsExactly("0:12", "1:20");
  }

  @Test
  void indexedPngHoldsTheClassIndicesWithTheCardsPalette() throws IOException {
    Mask mask = new MaskBuilder(card(ModelCardTest.VALID), "w-0", MaskFormat.PNG, MaskResolution.MODEL)
        .build(FRAME, MAP, MaskTimings.getDefaultInstance());
    assertThat(mask.getEncoding()).isEqualTo(MaskEncoding.MASK_PNG_INDEXED);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(mask.getData().toByteArray()));
    assertThat(((DataBufferByte) png.getRaster().getDataBuffer()).getData()).containsExactly(MAP.classes());
    IndexColorModel colours = (IndexColorModel) png.getColorModel();
    assertThat(new int[] {colours.getRed(1), colours.getGreen(1), colours.getBlue(1)}).containsExactly(4, 5, 6);
  }

  @Test
  void aCardWithoutAPaletteTakesTheSharedLabelSetsOrAGreyRamp() throws IOException {
    String noPalette = ModelCardTest.VALID.replace(", \"palette\": [[1,2,3],[4,5,6]]", "");
    assertThat(MaskBuilder.palette(card(noPalette).labelSet())).extracting(c -> c[0]).containsExactly(0, 255);
    String cityscapes = noPalette.replace("\"classes\": [\"road\", \"sky\"]",
        "\"classes\": [" + "\"c\",".repeat(18) + "\"c\"]");
    assertThat(MaskBuilder.palette(card(cityscapes).labelSet()).get(0)).containsExactly(128, 64, 128);
  }
}
