package org.segstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void demoWithAMissingModelStopsWithOneLineNamingIt() {
    int code = run("demo", "--model", "/no/such/model", "--duration", "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: model directory /no/such/model does not exist");
  }

  @Test
  void demoWithAMissingVideoStopsWithOneLineNamingIt() {
    int code = run("demo", "--model", "../models/demo/segformer-demo", "--video", "/no/such/clip.mp4", "--duration", "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: video file /no/such/clip.mp4 does not exist or is unreadable");
  }

  @Test
  void statsLatestNeedsACamera() {
    int code = run("stats", "latest", "--target", "127.0.0.1:1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--camera is required for 'stats latest'");
  }

  @Test
  void aTimeRangeGoesOnlyWithWindowsAndIsReadBeforeAnythingIsAsked() {
    assertThat(run("stats", "latest", "--camera", "cam", "--since", "5m", "--target", "127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("--since, --from and --to choose windows: they go with 'stats window' and "
        + "'stats fleet', not 'stats latest'");
    err.getBuffer().setLength(0);
    assertThat(run("stats", "fleet", "--from", "noon", "--target", "127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("--from takes an ISO-8601 time");
  }

  @Test
  void aClientCertificateWithoutItsKeyIsNamed() {
    assertThat(run("stats", "cameras", "--target", "127.0.0.1:1", "--tls-cert", "client.crt")).isEqualTo(2);
    assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
    err.getBuffer().setLength(0);
    assertThat(run("view", "--port", "0", "--tls-cert", "client.crt")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: --tls-cert and --tls-key go together");
  }

  @Test
  void masksWithABadAlphaStopsWithOneLineNamingIt() {
    assertThat(run("masks", "--out", "target/masks-never", "--alpha", "2")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: --alpha must be within 0..1, was 2.0");
  }

  @Test
  void unknownStatsKindIsAUsageError() {
    assertThat(run("stats", "everything")).isEqualTo(2);
    assertThat(err.toString()).contains("cameras, latest, window");
  }

  @Test
  void workerWithAnUnknownOverloadPolicyStopsBeforeLoadingAnything() {
    assertThat(run("worker", "--model", "../models/demo/segformer-demo", "--overload", "newest")).isEqualTo(2);
  }

  @Test
  void benchWorkerIsListed() {
    assertThat(Main.commandLine().getSubcommands().get("bench").getSubcommands()).containsKey("worker");
  }
}
