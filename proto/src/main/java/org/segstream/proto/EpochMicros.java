package org.segstream.proto;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The wire contract's time: microseconds since the Unix epoch, UTC ({@code capture_time_us},
 * {@code window_start_us} and the other {@code *_us} times).
 */
public final class EpochMicros {
  private EpochMicros() {}

  /** Now, to the microsecond where the system clock has it. */
  public static long now() {
    return of(Instant.now());
  }

  /** An instant as microseconds since the epoch, truncated toward the past. */
  public static long of(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** Microseconds since the epoch as an instant. */
  public static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
