package org.segstream.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochMicrosTest {
  @Test
  void anInstantIsMicrosecondsSinceTheEpochTruncated() {
    assertThat(EpochMicros.of(Instant.parse("2026-12-08T01:30:00.123456789Z"))).isEqualTo(1_796_693_400_123_456L);
    assertThat(EpochMicros.of(Instant.EPOCH)).isZero();
  }

  @Test
  void microsecondsComeBackAsTheSameInstant() {
    Instant instant = Instant.parse("2026-12-08T01:30:00.123456Z");
    assertThat(EpochMicros.toInstant(EpochMicros.of(instant))).isEqualTo(instant);
    assertThat(EpochMicros.toInstant(1_500_000)).isEqualTo(Instant.parse("1970-01-01T00:00:01.500Z"));
  }

  @Test
  void nowIsTheSystemClockInMicroseconds() {
    long before = System.currentTimeMillis() * 1000;
    long now = EpochMicros.now();
    long after = System.currentTimeMillis() * 1000 + 1000;
    assertThat(now).isBetween(before, after);
  }
}
