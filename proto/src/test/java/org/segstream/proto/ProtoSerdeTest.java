package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.Projection;

class ProtoSerdeTest {

  @Test
  void frameRoundTripsThroughTheSerde() {
    Frame frame = Frame.newBuilder()
        .setCameraId("cam-1").setSequence(7).setCaptureTimeUs(1_700_000_000_000_000L)
        .setWidth(4).setHeight(2).setEncoding(ImageEncoding.JPEG)
        .setData(ByteString.copyFrom(new byte[] {1, 2, 3}))
        .setProjection(Projection.EQUIRECTANGULAR).setHorizontalFovDeg(360f)
        .build();
    ProtoSerde<Frame> serde = Serdes.frame();
    byte[] bytes = serde.serializer().serialize("t", frame);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(frame);
  }

  @Test
  void nullStaysNullForTombstones() {
    assertThat(Serdes.mask().serializer().serialize("t", null)).isNull();
    assertThat(Serdes.mask().deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void garbageBytesRaiseASerializationExceptionNamingTheTopic() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertThatThrownBy(() -> Serdes.mask().deserializer().deserialize("segstream.masks", garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("segstream.masks");
  }

  @Test
  void maskRoundTripsWithCounts() {
    Mask mask = Mask.newBuilder().setCameraId("c").setWidth(3).setHeight(2)
        .setData(ByteString.copyFrom(MaskCodec.encode(new byte[] {7, 7, 7, 7, 2, 2}, 3, 2)))
        .addClassCounts(org.segstream.proto.v1.ClassCount.newBuilder().setClassId(2).setPixels(2))
        .build();
    ProtoSerde<Mask> serde = Serdes.mask();
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", mask))).isEqualTo(mask);
  }
}
