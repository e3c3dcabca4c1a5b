package org.segstream.ingest.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

  /** Indices of the frames kept from {@code count} frames at {@code sourceFps} starting at pts 0. */
  private static List<Integer> kept(FrameSampler sampler, double sourceFps, int count) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (sampler.keep(Math.round(i * 1_000_000 / sourceFps))) {
        kept.add(i);
      }
    }
    return kept;
  }

  @Test
  void targetOfZeroKeepsEveryFrame() {
    assertThat(kept(new FrameSampler(0, 30), 30, 90)).hasSize(90);
  }

  @Test
  void targetAtOrAboveTheSourceRateKeepsEveryFrame() {
    assertThat(kept(new FrameSampler(30, 30), 30, 90)).hasSize(90);
    assertThat(kept(new FrameSampler(60, 25), 25, 50)).hasSize(50);
  }

  @Test
  void thirtyToTenKeepsEveryThirdFrame() {
    assertThat(kept(new FrameSampler(10, 30), 30, 12)).containsExactly(0, 3, 6, 9);
  }

  @Test
  void twentyFiveToTenKeepsTenFramesPerSecond() {
    assertThat(kept(new FrameSampler(10, 25), 25, 250)).hasSize(100);
  }

  @Test
  void unknownSourceRateStillSamplesByPts() {
    assertThat(kept(new FrameSampler(5, 0), 20, 40)).containsExactly(0, 4, 8, 12, 16, 20, 24, 28, 32, 36);
  }

  @Test
  void frameAMicrosecondBeforeItsSlotIsKept() {
    FrameSampler sampler = new FrameSampler(10, 30);
    assertThat(sampler.keep(0)).isTrue();
    assertThat(sampler.keep(99_999)).isTrue();
  }

  @Test
  void aGapInTheStreamIsNotFollowedByABurst() {
    FrameSampler sampler = new FrameSampler(10, 30);
    assertThat(sampler.keep(0)).isTrue();
    assertThat(sampler.keep(1_000_000)).isTrue();
    assertThat(sampler.keep(1_033_333)).isFalse();
    assertThat(sampler.keep(1_066_667)).isFalse();
    assertThat(sampler.keep(1_100_000)).isTrue();
  }

  @Test
  void ptsGoingBackwardsStartsTheSlotsAgain() {
    FrameSampler sampler = new FrameSampler(10, 30);
    assertThat(sampler.keep(5_000_000)).isTrue();
    assertThat(sampler.keep(0)).isTrue();
    assertThat(sampler.keep(33_333)).isFalse();
  }

  @Test
  void resetKeepsTheNextFrame() {
    FrameSampler sampler = new FrameSampler(1, 30);
    assertThat(sampler.keep(0)).isTrue();
    sampler.reset();
    assertThat(sampler.keep(33_333)).isTrue();
  }
}
