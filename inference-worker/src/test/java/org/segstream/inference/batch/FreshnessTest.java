package org.segstream.inference.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshnessTest {
  @Test
  void aFrameIsTooOldWhenItsAgePlusTheTimeAheadOfItExceedsTheBound() {
    Freshness freshness = new Freshness(OverloadPolicy.FRESHEST, 1000);
    long now = System.currentTimeMillis();
    assertThat(freshness.tooOld(now - 700, now)).isFalse();
    freshness.observe(400);
    assertThat(freshness.tooOld(now - 700, now)).isTrue();
    // A faster batch lowers the estimate only gradually.
    freshness.observe(0);
    assertThat(freshness.tooOld(now - 700, now)).isTrue();
  }

  @Test
  void losslessNeverSkips() {
    long now = System.currentTimeMillis();
    assertThat(new Freshness(OverloadPolicy.LOSSLESS, 500).tooOld(now - 60_000, now)).isFalse();
  }
}
