package org.segstream.viewer.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.segstream.client.render.MaskImage;
import org.segstream.client.subscribe.MaskEvent;
import org.segstream.client.subscribe.MaskEvent.FrameStatus;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.Projection;

/** What a tile shows for a good mask, a mask whose frame is gone, and one that cannot be drawn. */
class TileRendererTest {
  private final List<Tile> published = new ArrayList<>();
  private final TileRenderer renderer = new TileRenderer(null, 0.5, 960, published::add);

  private static Mask mask(long sequence, String labelSet) {
    byte[] classes = new byte[8 * 4];
    java.util.Arrays.fill(classes, (byte) 13);
    return Mask.newBuilder().setCameraId("cam").setSequence(sequence).setLabelSet(labelSet).setWidth(8).setHeight(4)
        .setFrameWidth(16).setFrameHeight(8).setProjection(Projection.EQUIRECTANGULAR)
        .setEncoding(MaskEncoding.MASK_RLE).setData(ByteString.copyFrom(MaskCodec.encode(classes, 8, 4))).build();
  }

  private static MaskEvent event(Mask mask, Frame frame, FrameStatus status, String problem) {
    return new MaskEvent(mask, Optional.of(MaskImage.of(mask)), Optional.ofNullable(frame), status,
        Optional.ofNullable(problem), 1000);
  }

  private static BufferedImage picture(Tile tile) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(tile.jpeg()));
  }

  @Test
  void aMaskWithItsFrameIsAnOverlayAndOneWithoutIsTheColourMaskWithTheReason() throws Exception {
    Frame frame = Frame.newBuilder().setCameraId("cam").setSequence(1).setWidth(16).setHeight(8)
        .setEncoding(ImageEncoding.RAW_BGR).setData(ByteString.copyFrom(new byte[16 * 8 * 3])).build();
    renderer.show(event(mask(1, "cityscapes-19"), frame, FrameStatus.JOINED, null));
    Tile overlay = published.get(0);
    assertThat(overlay.notice()).isNull();
    assertThat(overlay.projection()).isEqualTo("EQUIRECTANGULAR");
    // Car blue (0, 0, 142) at half over black: about (0, 0, 71), give or take JPEG.
    assertThat(picture(overlay).getRGB(8, 4) & 0xff).isBetween(60, 82);
    assertThat(overlay.event()).containsEntry("image", "/tile/cam.jpg?seq=1");

    renderer.show(event(mask(2, "cityscapes-19"), null, FrameStatus.EXPIRED, "frame cam#2 is not in segstream.frames"));
    Tile colour = published.get(1);
    assertThat(colour.notice()).contains("frame cam#2 is not in segstream.frames");
    assertThat(colour.width()).as("at the frame's size").isEqualTo(16);
    assertThat(picture(colour).getRGB(8, 4) & 0xff).as("the colour mask, full strength").isGreaterThan(125);
  }

  @Test
  void aMaskWithAnUnknownLabelSetKeepsTheLastPictureAndSaysWhy() {
    renderer.show(event(mask(1, "cityscapes-19"), null, FrameStatus.NOT_REQUESTED, null));
    Mask unknown = mask(2, "mystery-7");
    MaskImage image = MaskImage.of(unknown);
    renderer.show(new MaskEvent(unknown, Optional.of(image), Optional.empty(), FrameStatus.NOT_REQUESTED,
        Optional.of(image.labelSetProblem()), 2000));
    Tile tile = renderer.tile("cam").orElseThrow();
    assertThat(tile.sequence()).isEqualTo(2);
    assertThat(tile.notice()).contains("unknown label set 'mystery-7'");
    assertThat(tile.jpeg()).isEqualTo(published.get(0).jpeg());
  }
}
