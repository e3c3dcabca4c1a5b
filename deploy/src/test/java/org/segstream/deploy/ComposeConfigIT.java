package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml passes docker-compose's own validation (v1, from Debian; `config` needs no
 * Docker engine) with no profile, with each profile, and with all of them at once.
 */
class ComposeConfigIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  static Stream<String> profiles() {
    return Compose.load().profiles().stream();
  }

  @Test
  void theDefaultServicesAreValid() {
    assertValid(List.of());
  }

  @ParameterizedTest(name = "profile {0}")
  @MethodSource("profiles")
  void eachProfileIsValid(String profile) {
    assertValid(List.of(profile));
  }

  @Test
  void allProfilesTogetherAreValid() {
    assertValid(new ArrayList<>(Compose.load().profiles()));
  }

  /** Guards the parameterised test: the profiles the file declares are the ones the README promises. */
  @Test
  void theProfilesAreTheDocumentedOnes() {
    Processes.Result listed = Processes.run(TIMEOUT, List.of("docker-compose", "-f", Compose.FILE, "config", "--profiles"));
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    Set<String> reported = new TreeSet<>(List.of(listed.output().strip().split("\\s+")));
    assertThat(reported).as("profiles docker-compose reports for " + Compose.FILE)
        .isEqualTo(Compose.load().profiles())
        .containsExactlyInAnyOrder("cpu", "export", "monitoring", "sample-cameras");
  }

  private static void assertValid(List<String> profiles) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-f", Compose.FILE));
    profiles.forEach(p -> command.addAll(List.of("--profile", p)));
    command.addAll(List.of("config", "-q"));
    Processes.Result result = Processes.run(TIMEOUT, command);
    assertThat(result.exitCode())
        .as(Compose.FILE + " with profiles " + profiles + " is invalid: " + String.join(" ", command) + "\n"
            + result.output())
        .isZero();
  }
}
