package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segstream.postprocess.TestMasks.at;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.Projection;

class WindowAggregateSerdeTest {
  private final WindowAggregateSerde serde = new WindowAggregateSerde();

  @Test
  void anAggregateSurvivesTheRoundTrip() {
    WindowAggregate aggregate = WindowAggregate.empty()
        .add(frame(Map.of(0, 30L, 13, 70L)))
        .add(frame(Map.of(0, 100L)));

    byte[] bytes = serde.serializer().serialize("t", aggregate);

    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(aggregate);
  }

  @Test
  void anUnknownFormatVersionIsRefused() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown format version 9");
  }

  private static FrameStats frame(Map<Integer, Long> classPixels) {
    return new FrameStats("cam-1", 1, at(1), "m", "cityscapes-19", Projection.EQUIRECTANGULAR, 0, 100,
        new TreeMap<>(classPixels));
  }
}
