package org.segstream.inference.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshnessTest {
  @Test
  void aFrameIsTooOldWhenItsAgePlusTheTimeAheadOfItExceedsTheBound() {
    Freshness freshness = new Freshness(OverloadPolicy.FRESHEST, 1000);
    long now = System.currentTimeMillis();
    assertThat(freshness.tooOld(now - 700, now)).isFalse();
    freshness.observe(400, now);
    assertThat(freshness.tooOld(now - 700, now)).isTrue();
    // A faster batch lowers the estimate only gradually.
    freshness.observe(0, now);
    assertThat(freshness.tooOld(now - 700, now)).isTrue();
  }

  @Test
  void anEstimateAboveTheBoundDoesNotSkipEveryFrameForGood() {
    Freshness freshness = new Freshness(OverloadPolicy.FRESHEST, 1000);
    long now = System.currentTimeMillis();
    // A slow warm-up: even a frame captured this instant is predicted past the bound.
    freshness.observe(1500, now);
    assertThat(freshness.tooOld(now, now)).isTrue();
    assertThat(freshness.tooOld(now + 900, now + 900)).isTrue();
    // With every frame skipped nothing is observed; a bound later the estimate has halved and
    // fresh frames reach the model again, older ones still not.
    assertThat(freshness.tooOld(now + 1000, now + 1000)).isFalse();
    assertThat(freshness.tooOld(now + 1000 - 300, now + 1000)).isTrue();
    assertThat(freshness.aheadMillis(now + 3000)).isEqualTo(1500 / 8);
    // The next observation starts from the decayed estimate.
    freshness.observe(100, now + 3000);
    assertThat(freshness.aheadMillis(now + 3000)).isEqualTo(1500 / 8 - (1500 / 8 - 100) / 8);
  }

  @Test
  void batchesQueuedAheadOfAFrameCountAgainstIt() {
    Freshness freshness = new Freshness(OverloadPolicy.FRESHEST, 1000);
    long now = System.currentTimeMillis();
    freshness.observe(200, now);
    // 500 ms old: fits at the head of the queue (500 + 200), not behind two full batches (500 + 3 * 200).
    assertThat(freshness.tooOld(now - 500, now, 0)).isFalse();
    assertThat(freshness.tooOld(now - 500, now, 1)).isFalse();
    assertThat(freshness.tooOld(now - 500, now, 2)).isTrue();
  }

  @Test
  void losslessNeverSkips() {
    long now = System.currentTimeMillis();
    assertThat(new Freshness(OverloadPolicy.LOSSLESS, 500).tooOld(now - 60_000, now)).isFalse();
  }
}
