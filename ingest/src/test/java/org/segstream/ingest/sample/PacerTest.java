package org.segstream.ingest.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
  private static final long MS = 1_000_000L;

  @Test
  void firstFrameIsReleasedAtOnce() {
    assertThat(new Pacer().waitNanos(5_000_000, 123 * MS)).isZero();
  }

  @Test
  void laterFrameWaitsForItsPtsDistanceFromTheFirst() {
    Pacer pacer = new Pacer();
    pacer.waitNanos(0, 1_000 * MS);
    assertThat(pacer.waitNanos(40_000, 1_010 * MS)).isEqualTo(30 * MS);
  }

  @Test
  void lateFrameIsReleasedAtOnce() {
    Pacer pacer = new Pacer();
    pacer.waitNanos(0, 1_000 * MS);
    assertThat(pacer.waitNanos(40_000, 1_100 * MS)).isZero();
  }

  @Test
  void fallingFarBehindResumesAtTheFileRateInsteadOfBursting() {
    Pacer pacer = new Pacer();
    pacer.waitNanos(0, 0);
    // Three seconds late: re-anchored here, so the next frame 40 ms on waits its 40 ms.
    assertThat(pacer.waitNanos(40_000, 3_040 * MS)).isZero();
    assertThat(pacer.waitNanos(80_000, 3_040 * MS)).isEqualTo(40 * MS);
  }
}
