package org.segstream.cli.bench;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.ClassCount;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.Projection;

/** Masks as the worker publishes them (RLE, class counts), of street scenes of the project's generator. */
final class StreetMasks {
  private StreetMasks() {}

  /** The ground-truth class maps of {@code scenes} street frames of {@code width}×{@code height}. */
  static List<byte[]> classMaps(Path dir, int scenes, int width, int height) throws IOException, InterruptedException {
    List<byte[]> maps = new ArrayList<>();
    for (int i = 0; i < scenes; i++) {
      Path label = dir.resolve("street-" + i + ".png");
      PythonModels.run("scenes.still", "--out", dir.resolve("street-" + i + ".jpg").toString(), "--label",
          label.toString(), "--width", String.valueOf(width), "--height", String.valueOf(height), "--seed",
          String.valueOf(2035 + i), "--time", String.valueOf(1 + i));
      BufferedImage image = ImageIO.read(label.toFile());
      int[] samples = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
      byte[] map = new byte[samples.length];
      for (int p = 0; p < samples.length; p++) {
        map[p] = (byte) samples[p];
      }
      maps.add(map);
    }
    return maps;
  }

  /** A mask of {@code map} for {@code camera}, as the worker would publish it. */
  static Mask mask(byte[] map, int width, int height, String camera, long sequence, long captureUs) {
    long[] counts = MaskCodec.classCounts(map, map.length);
    Mask.Builder mask = Mask.newBuilder().setCameraId(camera).setSequence(sequence).setCaptureTimeUs(captureUs)
        .setModelId("bench").setLabelSet("cityscapes-19").setWidth(width).setHeight(height)
        .setEncoding(MaskEncoding.MASK_RLE).setData(ByteString.copyFrom(MaskCodec.encode(map, width, height)))
        .setProjection(Projection.PINHOLE);
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0) {
        mask.addClassCounts(ClassCount.newBuilder().setClassId(c).setPixels(counts[c]));
      }
    }
    return mask.build();
  }
}
