package org.segstream.postprocess.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.segstream.postprocess.TestMasks;

class MaskTimestampExtractorTest {
  private final MaskTimestampExtractor extractor = new MaskTimestampExtractor();

  @Test
  void eventTimeIsTheCaptureTimeInMilliseconds() {
    byte[] mask = TestMasks.counted("cam-1", 1, 1_700_000_000_123_999L, 0, 100).toByteArray();

    assertThat(extractor.extract(record(mask, 1_700_000_000_250L), -1)).isEqualTo(1_700_000_000_123L);
  }

  @Test
  void aCaptureTimeFurtherAheadOfItsRecordThanTheLimitKeepsTheRecordTimestamp() {
    long publishedMs = 1_700_000_000_000L;
    byte[] atTheLimit = TestMasks.counted("cam-1", 1, (publishedMs + MaskTimestampExtractor.MAX_CAPTURE_AHEAD_MS) * 1000,
        0, 100).toByteArray();
    byte[] beyond = TestMasks.counted("cam-1", 2, (publishedMs + MaskTimestampExtractor.MAX_CAPTURE_AHEAD_MS + 1) * 1000,
        0, 100).toByteArray();

    assertThat(extractor.extract(record(atTheLimit, publishedMs), -1))
        .isEqualTo(publishedMs + MaskTimestampExtractor.MAX_CAPTURE_AHEAD_MS);
    assertThat(extractor.extract(record(beyond, publishedMs), -1)).isEqualTo(publishedMs);
  }

  @Test
  void garbageKeepsTheRecordTimestamp() {
    assertThat(extractor.extract(record(new byte[] {(byte) 0xff, (byte) 0xff}, 42L), -1)).isEqualTo(42L);
  }

  @Test
  void aRecordWithoutTimestampOrCaptureTimeTakesThePartitionTime() {
    assertThat(extractor.extract(record(new byte[] {1, 2, 3}, -1L), 99L)).isEqualTo(99L);
  }

  private static ConsumerRecord<Object, Object> record(byte[] value, long timestamp) {
    return new ConsumerRecord<>("segstream.masks", 0, 0, timestamp,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, value.length, "cam-1", value,
        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
  }
}
