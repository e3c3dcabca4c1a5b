package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segstream.postprocess.TestMasks.at;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.TestMasks;
import org.segstream.postprocess.OnTopology;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.ClassCount;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

class DeadLetterTest extends OnTopology {
  private static final byte[] GARBAGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};

  @Test
  void garbageBytesGoToTheDlqWithReasonAndSourceHeadersWhileGoodMasksAreCounted() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipe("cam-1", GARBAGE);
    topology.pipe(TestMasks.counted("cam-1", 2, at(2), 0, 100));

    TestRecord<String, byte[]> dead = topology.dlq().readRecord();
    assertThat(dead.key()).isEqualTo("cam-1");
    assertThat(dead.value()).isEqualTo(GARBAGE);
    assertThat(header(dead.headers(), Topics.HEADER_DLQ_REASON)).startsWith("not a Mask protobuf");
    assertThat(header(dead.headers(), Topics.HEADER_DLQ_TOPIC)).isEqualTo(Topics.MASKS);
    assertThat(header(dead.headers(), Topics.HEADER_DLQ_PARTITION)).isEqualTo("0");
    assertThat(header(dead.headers(), Topics.HEADER_DLQ_OFFSET)).isEqualTo("1");
    assertThat(topology.dlq().isEmpty()).isTrue();
    assertThat(framesCounted("cam-1")).isEqualTo(2);
  }

  @Test
  void everyMaskCheckedIsTimedWhetherCountedOrDeadLettered() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 100));
    topology.pipe("cam-1", GARBAGE);
    topology.pipe(TestMasks.rle("cam-1", 2, at(2), TestMasks.twoClassMap(4, 4, 8, 1, 2), 4, 4));

    var checks = topology.registry().get(StatsTopology.CHECK_TIMER).timer();
    assertThat(checks.count()).isEqualTo(3);
    assertThat(checks.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void aSampleOfTheChecksIsTimedInStreamThreadCpuAsWell() {
    // One in 32 at random: 640 masks leave none sampled with a chance of 2e-9.
    int masks = 20 * StatsTopology.CHECK_CPU_SAMPLE;
    for (int i = 1; i <= masks; i++) {
      topology.pipe(TestMasks.rle("cam-1", i, at(i), TestMasks.twoClassMap(64, 64, 500, 1, 2), 64, 64));
    }

    var cpu = topology.registry().get(StatsTopology.CHECK_CPU_TIMER).timer();
    assertThat(topology.registry().get(StatsTopology.CHECK_TIMER).timer().count()).isEqualTo(masks);
    assertThat(cpu.count()).isBetween(1L, masks / 4L);
    // Samples are CPU nanoseconds of one small map's check, not a clock's absolute reading.
    assertThat(cpu.max(java.util.concurrent.TimeUnit.SECONDS)).isLessThan(1.0);
  }

  @Test
  void classCountsNotSummingToWidthTimesHeightAreDeadLettered() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 0, 60, 13, 30));

    assertThat(reason()).contains("class_counts sum to 90 pixels, not 10x10 = 100");
    assertThat(topology.stores().cameraWindows().get("cam-1")).isNull();
  }

  @Test
  void rleDataThatDoesNotCoverTheMaskIsDeadLettered() {
    Mask tooShort = TestMasks.rle("cam-1", 1, at(1), TestMasks.twoClassMap(4, 4, 8, 1, 2), 4, 4)
        .toBuilder().setWidth(5).build();
    topology.pipe(tooShort);

    assertThat(reason()).contains("bad RLE data: mask runs cover 16 of 20 pixels");
  }

  @Test
  void rleDataEndingInsideARunIsDeadLettered() {
    Mask truncated = TestMasks.rle("cam-1", 1, at(1), new byte[4], 2, 2).toBuilder()
        .setData(ByteString.copyFrom(new byte[] {7, (byte) 0x84})).build();
    topology.pipe(truncated);

    assertThat(reason()).startsWith("bad RLE data: mask data ends inside a run length");
  }

  @Test
  void classCountsDisagreeingWithTheRleOrPngDataAreDeadLettered() {
    byte[] map = TestMasks.twoClassMap(10, 10, 50, 0, 1);
    for (Mask mask : new Mask[] {TestMasks.rle("cam-1", 1, at(1), map, 10, 10),
        TestMasks.png("cam-1", 2, at(2), map, 10, 10)}) {
      topology.pipe(mask.toBuilder()
          .addClassCounts(ClassCount.newBuilder().setClassId(0).setPixels(40))
          .addClassCounts(ClassCount.newBuilder().setClassId(1).setPixels(60))
          .build());
    }

    assertThat(topology.dlq().readRecordsToList()).extracting(r -> header(r.headers(), Topics.HEADER_DLQ_REASON))
        .containsExactly("class_counts {0=40, 1=60} disagree with the RLE data {0=50, 1=50}",
            "class_counts {0=40, 1=60} disagree with the PNG data {0=50, 1=50}");
  }

  @Test
  void classCountsWithARepeatedClassAreDeadLettered() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1), 13, 50, 0, 20, 13, 30));

    assertThat(reason()).isEqualTo("class_counts has an empty or repeated entry for class 13");
  }

  @Test
  void aMaskWithNeitherClassCountsNorRleDataIsDeadLettered() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(1)).toBuilder().setEncoding(MaskEncoding.MASK_PNG_INDEXED).build());

    assertThat(reason()).isEqualTo("no class_counts and no class map to count classes from");
  }

  @Test
  void aMaskFiledUnderAnotherCamerasKeyIsDeadLettered() {
    topology.pipe("cam-2", TestMasks.counted("cam-1", 1, at(1), 0, 100).toByteArray());

    assertThat(reason()).isEqualTo("record key 'cam-2' differs from camera_id 'cam-1'");
  }

  @Test
  void aMaskWiderThanTheLargestMeasuredIsDeadLettered() {
    // A one-row map of 2^31 - 1 pixels in six bytes of RLE: valid, but not a camera's.
    int width = Integer.MAX_VALUE;
    topology.pipe(TestMasks.counted("cam-1", 1, at(1)).toBuilder().clearClassCounts().setWidth(width).setHeight(1)
        .setEncoding(MaskEncoding.MASK_RLE)
        .setData(com.google.protobuf.ByteString.copyFrom(new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}))
        .build());

    assertThat(reason()).isEqualTo("mask of 2147483647x1 is larger than 65536 on a side");
  }

  @Test
  void aMaskWithoutCaptureTimeIsDeadLettered() {
    topology.pipe(TestMasks.counted("cam-1", 1, 0, 0, 100));

    assertThat(reason()).isEqualTo("capture_time_us is not set");
  }

  @Test
  void aMaskCapturedFarAfterItWasPublishedIsDeadLetteredAndOtherCamerasFramesStillCount() {
    // Published at 1 s by the worker's clock, claiming a capture an hour later: a clock that is
    // wrong. Counted, it would move stream time an hour ahead and close every other window.
    Instant published = Instant.ofEpochMilli(at(1) / 1000);
    topology.pipe(TestMasks.counted("cam-2", 1, at(3601), 0, 100), published);
    topology.pipe(TestMasks.counted("cam-1", 1, at(2), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(3), 0, 100));

    TestRecord<String, byte[]> dead = topology.dlq().readRecord();
    assertThat(dead.key()).isEqualTo("cam-2");
    assertThat(header(dead.headers(), Topics.HEADER_DLQ_REASON))
        .contains("is 3600 s after the mask was published").contains("clock");
    // Stamped with its record's time: a dead letter stamped an hour ahead would be refused by the broker.
    assertThat(dead.getRecordTime()).isEqualTo(published);
    assertThat(topology.dlq().isEmpty()).isTrue();
    assertThat(framesCounted("cam-1")).isEqualTo(2);
  }

  @Test
  void aFrameArrivingAfterItsWindowClosedIsDeadLetteredInsteadOfLost() {
    topology.pipe(TestMasks.counted("cam-1", 1, at(5), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 3, at(15), 0, 100));
    topology.pipe(TestMasks.counted("cam-1", 2, at(9), 0, 100));

    assertThat(reason()).contains("arrived after every window containing it closed");
    assertThat(framesCounted("cam-1")).isEqualTo(1);
  }

  private String reason() {
    TestRecord<String, byte[]> dead = topology.dlq().readRecord();
    assertThat(topology.dlq().isEmpty()).as("one dead letter").isTrue();
    return header(dead.headers(), Topics.HEADER_DLQ_REASON);
  }

  private long framesCounted(String camera) {
    return topology.windows(camera, Duration.ofSeconds(10)).get(0).framesCounted();
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
