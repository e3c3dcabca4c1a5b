package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

/** The README's standard-library Python decoder reads a real Mask as the Java codec wrote it. */
class PythonMaskDecoderTest {

  @Test
  void thePythonDecoderPrintsTheMasksIdentityAndClassCounts(@TempDir Path dir) throws Exception {
    int width = 300;
    int height = 200;
    byte[] map = new byte[width * height];
    for (int i = 0; i < map.length; i++) {
      // Sky over road with a car: runs inside rows and runs crossing row ends.
      int row = i / width;
      int col = i % width;
      map[i] = (byte) (row < 80 ? 10 : row > 150 && col > 100 && col < 180 ? 13 : 0);
    }
    Mask mask = Mask.newBuilder().setCameraId("gate-1").setSequence(4242).setWidth(width).setHeight(height)
        .setEncoding(MaskEncoding.MASK_RLE).setData(ByteString.copyFrom(MaskCodec.encode(map, width, height)))
        .setModelId("segformer/demo").build();
    long[] counts = MaskCodec.classCounts(map, map.length);

    Process python = new ProcessBuilder("/usr/bin/python3", Path.of("src/main/python/decode_mask.py").toString(),
        "--out", dir.resolve("map.npy").toString()).redirectErrorStream(true).start();
    python.getOutputStream().write(mask.toByteArray());
    python.getOutputStream().close();
    String output = new String(python.getInputStream().readAllBytes());
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(python.exitValue()).as(output).isZero();
    assertThat(output).contains("camera gate-1 sequence 4242 300x200 encoding 1")
        .contains("class 0 pixels " + counts[0])
        .contains("class 10 pixels " + counts[10])
        .contains("class 13 pixels " + counts[13]);
    // The saved array is the map itself: numpy's header, then the 60,000 class bytes row by row.
    byte[] npy = Files.readAllBytes(dir.resolve("map.npy"));
    byte[] tail = java.util.Arrays.copyOfRange(npy, npy.length - map.length, npy.length);
    assertThat(tail).isEqualTo(map);
  }
}
