package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
    Backoff low = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 0.0);
    assertThat(low.next()).isEqualTo(Duration.ofMillis(250));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(500));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(1000));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(2000));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(2000));
    Backoff high = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 0.999999);
    assertThat(high.next()).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
  }

  @Test
  void resetStartsOverAndCountsAttemptsAfresh() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
    backoff.next();
    backoff.next();
    assertThat(backoff.attempts()).isEqualTo(2);
    backoff.reset();
    assertThat(backoff.attempts()).isZero();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
  }
}
