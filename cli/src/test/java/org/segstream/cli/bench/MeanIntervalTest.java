package org.segstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MeanIntervalTest {

  @Test
  void theIntervalIsStudentsTOverTheRounds() {
    // Mean 0.9, sample standard deviation 0.1 over 4 rounds; t(3) at 97.5 % is 3.182.
    MeanInterval interval = MeanInterval.of(List.of(0.8, 0.9, 0.9, 1.0));
    double half = 3.182446 * Math.sqrt(0.02 / 3) / 2;
    assertThat(interval.mean()).isCloseTo(0.9, within(1e-12));
    assertThat(interval.low()).isCloseTo(0.9 - half, within(1e-6));
    assertThat(interval.high()).isCloseTo(0.9 + half, within(1e-6));
    assertThat(interval).hasToString(String.format(java.util.Locale.ROOT,
        "mean 0.900, 95%% confidence interval %.3f–%.3f (Student's t over 4 rounds)", 0.9 - half, 0.9 + half));
  }

  @Test
  void benchIntervalPrintsItOverRunsGivenOnTheCommandLine() {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new IntervalCommand()).setOut(new PrintWriter(out)).execute("0.8", "0.9", "0.9", "1.0");
    double half = 3.182446 * Math.sqrt(0.02 / 3) / 2;
    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith(String.format(java.util.Locale.ROOT,
        "mean 0.900, 95%% confidence interval %.3f–%.3f (Student's t over 4 runs)", 0.9 - half, 0.9 + half));
    assertThat(new CommandLine(new IntervalCommand()).setErr(new PrintWriter(new StringWriter())).execute("0.9"))
        .isEqualTo(2);
  }

  @Test
  void oneRoundHasNoInterval() {
    assertThatThrownBy(() -> MeanInterval.of(List.of(0.9))).hasMessageContaining("at least two rounds, got 1");
  }
}
