package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segstream.postprocess.TestMasks.at;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.proto.v1.Projection;

class WindowAggregateSerdeTest {
  private final WindowAggregateSerde serde = new WindowAggregateSerde();

  @Test
  void anAggregateSurvivesTheRoundTrip() {
    WindowAggregate aggregate = WindowAggregate.empty()
        .add(frame(Map.of(0, 30L, 13, 70L), new FrameGeometry(new TreeMap<>(Map.of(0, 1L, 13, 2L)),
            new TreeMap<>(Map.of(0, List.of(0.5, 0.1), 13, List.of(0.5, 0.9))))))
        .add(frame(Map.of(0, 100L), FrameGeometry.none()));

    byte[] bytes = serde.serializer().serialize("t", aggregate);

    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(aggregate);
  }

  @Test
  void aVersionOneAggregateWithoutBlobsAndSectorsIsStillRead() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeLong(2);
      out.writeUTF("cityscapes-19");
      out.writeInt(Projection.PINHOLE.getNumber());
      out.writeInt(1);
      out.writeInt(13);
      out.writeDouble(0.5);
      out.writeDouble(0.2);
      out.writeDouble(0.3);
      out.writeLong(2);
    }

    WindowAggregate read = serde.deserializer().deserialize("t", bytes.toByteArray());

    assertThat(read.frames()).isEqualTo(2);
    assertThat(read.classes().get(13)).isEqualTo(new WindowAggregate.ClassTotals(0.5, 0.2, 0.3, 2, 0, 0, List.of()));
  }

  @Test
  void aLabelSetBeyondAsciiSurvivesTheRoundTrip() {
    WindowAggregate aggregate = WindowAggregate.empty().add(new FrameStats("cam-1", 1, at(1), "m", "städte-\u00002",
        Projection.PINHOLE, 0, 100, new TreeMap<>(Map.of(0, 100L)), FrameGeometry.none()));

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", aggregate)))
        .isEqualTo(aggregate);
  }

  @Test
  void aTruncatedAggregateIsRefused() {
    byte[] bytes = serde.serializer().serialize("t", WindowAggregate.empty().add(frame(Map.of(0, 100L),
        FrameGeometry.none())));

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void anUnknownFormatVersionIsRefused() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown format version 9");
  }

  private static FrameStats frame(Map<Integer, Long> classPixels, FrameGeometry geometry) {
    return new FrameStats("cam-1", 1, at(1), "m", "cityscapes-19", Projection.EQUIRECTANGULAR, 0, 100,
        new TreeMap<>(classPixels), geometry);
  }
}
