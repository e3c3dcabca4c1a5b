package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

class MaskMapsTest {
  @Test
  void aMaskParsedAliasingItsRecordSharesTheRecordsBytes() throws InvalidProtocolBufferException {
    byte[] map = {1, 1, 2, 2, 2, 3};
    byte[] value = Mask.newBuilder().setCameraId("c").setWidth(3).setHeight(2).setEncoding(MaskEncoding.MASK_RLE)
        .setData(ByteString.copyFrom(MaskCodec.encode(map, 3, 2))).build().toByteArray();

    Mask mask = MaskMaps.parseAliasing(value);
    assertThat(MaskMaps.classMap(mask)).containsExactly(map);
    // Aliased, not copied: the record's last byte is the last run's length (1 pixel of class 3).
    value[value.length - 1] = 0;
    assertThat(mask.getData().byteAt(mask.getData().size() - 1)).isZero();
  }

  @Test
  void aRecordThatIsNoMaskIsRefusedAsProtobuf() {
    assertThatThrownBy(() -> MaskMaps.parseAliasing(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
