package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.TestMasks;
import org.segstream.proto.v1.LatestFrame;

class CameraWindowsSerdeTest {
  private static final long[] SIZES = {1_000, 10_000};

  @Test
  void aCamerasNewestFrameAndOpenWindowsSurviveTheRoundTrip() {
    CameraWindows state = new CameraWindows(SIZES);
    WindowAggregate frame = frame(1, TestMasks.at(1), 0, 30, 13, 70);
    state.add(0, 1_000, frame, start -> null);
    state.add(0, 2_000, frame(2, TestMasks.at(2), 0, 100), start -> null);
    state.add(1, 0, frame, start -> null);
    state.offerLatest(LatestFrame.newBuilder().setCameraId("cam-1").setSequence(2).build());

    CameraWindows read = roundTrip(new CameraWindowsSerde(SIZES), state);

    assertThat(read.latest()).isEqualTo(state.latest());
    for (int i = 0; i < SIZES.length; i++) {
      assertThat(read.open(i)).extracting(w -> w.startMs, w -> w.aggregate())
          .containsExactlyElementsOf(state.open(i).stream()
              .map(w -> org.assertj.core.api.Assertions.tuple(w.startMs, w.aggregate())).toList());
    }
  }

  @Test
  void aWindowCountedAgainAfterTheStateWasWrittenIsWrittenWithItsNewCount() {
    CameraWindowsSerde serde = new CameraWindowsSerde(SIZES);
    CameraWindows state = new CameraWindows(SIZES);
    state.add(0, 1_000, frame(1, TestMasks.at(1), 0, 100), start -> null);
    state.add(1, 0, frame(1, TestMasks.at(1), 0, 100), start -> null);
    serde.serializer().serialize("t", state);

    state.add(0, 1_000, frame(2, TestMasks.at(1.5), 0, 100), start -> null);

    CameraWindows read = roundTrip(serde, state);
    assertThat(read.open(0).get(0).aggregate().frames()).isEqualTo(2);
    assertThat(read.open(1).get(0).aggregate().frames()).isEqualTo(1);
  }

  @Test
  void windowsOfASizeNoLongerCountedAreDroppedAndANewSizeStartsEmpty() {
    CameraWindows state = new CameraWindows(SIZES);
    state.add(0, 1_000, frame(1, TestMasks.at(1), 0, 100), start -> null);
    state.add(1, 0, frame(1, TestMasks.at(1), 0, 100), start -> null);

    CameraWindows read = roundTrip(new CameraWindowsSerde(new long[] {10_000, 60_000}), state);

    assertThat(read.open(0)).extracting(w -> w.startMs).containsExactly(0L);
    assertThat(read.open(1)).isEmpty();
    assertThat(read.latest()).isNull();
  }

  @Test
  void truncatedOrUnknownBytesAreASerializationError() {
    CameraWindowsSerde serde = new CameraWindowsSerde(SIZES);
    CameraWindows state = new CameraWindows(SIZES);
    state.add(0, 1_000, frame(1, TestMasks.at(1), 0, 100), start -> null);
    byte[] bytes = serde.serializer().serialize("t", state);

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class);
    byte[] otherVersion = bytes.clone();
    otherVersion[0] = 9;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", otherVersion))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
  }

  @Test
  void theNewestFrameIsReadWithoutDecodingTheWindowsAndAMalformedWindowFailsWhenRead() {
    CameraWindowsSerde serde = new CameraWindowsSerde(SIZES);
    CameraWindows state = new CameraWindows(SIZES);
    state.add(0, 1_000, frame(1, TestMasks.at(1), 0, 100), start -> null);
    state.offerLatest(LatestFrame.newBuilder().setCameraId("cam-1").setSequence(1).build());
    byte[] bytes = serde.serializer().serialize("t", state);
    // The window's aggregate is followed only by the second size's header (its size and a count of 0).
    int aggregateLength = WindowAggregateSerde.write(state.open(0).get(0).aggregate()).length;
    bytes[bytes.length - 12 - aggregateLength] = 9;

    CameraWindows read = serde.deserializer().deserialize("t", bytes);

    assertThat(read.latest()).isEqualTo(state.latest());
    assertThat(read.open(0)).extracting(w -> w.startMs).containsExactly(1_000L);
    assertThatThrownBy(() -> read.open(0).get(0).aggregate())
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
  }

  private static CameraWindows roundTrip(CameraWindowsSerde serde, CameraWindows state) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
  }

  /** One frame's aggregate, as the counter adds it to each window. */
  private static WindowAggregate frame(long sequence, long captureUs, long... classAndPixels) {
    return WindowAggregate.empty().add((FrameStats) MaskChecks.check("cam-1",
        TestMasks.counted("cam-1", sequence, captureUs, classAndPixels).toByteArray(), 8));
  }
}
