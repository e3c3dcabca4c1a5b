package org.segstream.cli.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.segstream.proto.EpochMicros;
import picocli.CommandLine.Option;

/**
 * Which windows {@code stats window} and {@code stats fleet} ask for, by their start: those of the
 * last stretch of time, or those in a range of capture times. Without any, every window retained.
 */
public final class TimeRangeOptions {
  @Option(names = "--since", converter = StatsCommand.DurationConverter.class, paramLabel = "DURATION",
      description = "Windows starting in this last stretch of time, e.g. 30s, 5m, 2h (window, fleet).")
  Duration since;

  @Option(names = "--from", paramLabel = "TIME", description = "Windows starting at or after TIME: an ISO-8601 time "
      + "(2026-12-07T10:00:00Z, or with an offset) or a UTC time of day today (10:00, 10:00:30), as tables print "
      + "them (window, fleet).")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Windows starting at or before TIME, as for --from "
      + "(window, fleet).")
  String to;

  /** Capture-time bounds in microseconds since the epoch, as the requests take them: 0 for none. */
  record Micros(long fromUs, long toUs) {}

  boolean given() {
    return since != null || from != null || to != null;
  }

  /**
   * The bounds these options name, {@code clock} telling now and today; IllegalArgumentException
   * naming the option for a value that names none.
   */
  Micros micros(Clock clock) {
    if (since != null) {
      if (from != null || to != null) {
        throw new IllegalArgumentException("--since goes without --from and --to");
      }
      if (since.isNegative() || since.isZero()) {
        throw new IllegalArgumentException("--since must be longer than 0, was " + since);
      }
      return new Micros(EpochMicros.of(clock.instant().minus(since)), 0);
    }
    return new Micros(from == null ? 0 : EpochMicros.of(instant("--from", from, clock)),
        to == null ? 0 : EpochMicros.of(instant("--to", to, clock)));
  }

  private static Instant instant(String option, String value, Clock clock) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notADateTime) {
      try {
        return LocalTime.parse(value).atDate(LocalDate.now(clock.withZone(ZoneOffset.UTC))).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(option + " takes an ISO-8601 time like 2026-12-07T10:00:00Z or a UTC time "
            + "of day like 10:00:30, not '" + value + "'");
      }
    }
  }
}
