package org.segstream.cli.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.segstream.proto.EpochMicros;
import picocli.CommandLine;

class TimeRangeOptionsTest {
  // Not UTC on purpose: a time of day means today in UTC whatever the machine's zone.
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T23:40:00Z"), ZoneId.of("Asia/Tokyo"));

  @Test
  void sinceAsksForTheWindowsStartingInThatLastStretchUpToNow() {
    assertThat(micros("--since", "5m")).isEqualTo(new TimeRangeOptions.Micros(us("2026-12-07T23:35:00Z"), 0));
    assertThat(micros("--since", "2h")).isEqualTo(new TimeRangeOptions.Micros(us("2026-12-07T21:40:00Z"), 0));
  }

  @Test
  void fromAndToTakeIsoTimesWithAnyOffsetOrAUtcTimeOfDayToday() {
    assertThat(micros("--from", "2026-12-07T10:00:00Z", "--to", "2026-12-07T11:30:00.250+01:00"))
        .isEqualTo(new TimeRangeOptions.Micros(us("2026-12-07T10:00:00Z"), us("2026-12-07T10:30:00.250Z")));
    assertThat(micros("--from", "10:00:30")).isEqualTo(new TimeRangeOptions.Micros(us("2026-12-07T10:00:30Z"), 0));
    assertThat(micros("--to", "23:15")).isEqualTo(new TimeRangeOptions.Micros(0, us("2026-12-07T23:15:00Z")));
  }

  @Test
  void noOptionsAsksForEveryWindowRetained() {
    TimeRangeOptions none = CommandLine.populateCommand(new TimeRangeOptions());
    assertThat(none.given()).isFalse();
    assertThat(none.micros(CLOCK)).isEqualTo(new TimeRangeOptions.Micros(0, 0));
  }

  @Test
  void aValueThatNamesNoTimeIsRefusedNamingItsOption() {
    assertThatThrownBy(() -> micros("--from", "yesterday"))
        .hasMessage("--from takes an ISO-8601 time like 2026-12-07T10:00:00Z or a UTC time of day like 10:00:30, "
            + "not 'yesterday'");
    assertThatThrownBy(() -> micros("--since", "5m", "--to", "10:00")).hasMessage("--since goes without --from and --to");
    assertThatThrownBy(() -> micros("--since", "0s")).hasMessage("--since must be longer than 0, was PT0S");
  }

  private static TimeRangeOptions.Micros micros(String... args) {
    return CommandLine.populateCommand(new TimeRangeOptions(), args).micros(CLOCK);
  }

  private static long us(String instant) {
    return EpochMicros.of(Instant.parse(instant));
  }
}
