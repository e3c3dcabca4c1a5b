package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** yamllint, with the repository's .yamllint, over docker-compose.yml and every YAML file in deploy/. */
class YamlLintIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> TARGETS = List.of(Compose.FILE, "deploy");

  @Test
  void theDeploymentYamlIsClean() {
    List<String> command = Stream.concat(Stream.of("yamllint", "-c", ".yamllint", "-f", "parsable", "--strict"),
        TARGETS.stream()).toList();
    Processes.Result result = Processes.run(TIMEOUT, command);
    assertThat(result.exitCode()).as("yamllint findings (file:line:column: [level] message):\n" + result.output())
        .isZero();
  }

  /** Guards the lint above: a file yamllint skips (wrong extension, an ignore rule) is not linted at all. */
  @Test
  void yamllintReadsEveryDeploymentYamlFile() throws IOException {
    List<String> command = Stream.concat(Stream.of("yamllint", "-c", ".yamllint", "--list-files"), TARGETS.stream())
        .toList();
    Processes.Result result = Processes.run(TIMEOUT, command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    Set<String> linted = new TreeSet<>(List.of(result.output().strip().split("\n")));
    assertThat(linted).as("files yamllint lints").containsAll(yamlFiles());
  }

  private static Set<String> yamlFiles() throws IOException {
    Set<String> out = new TreeSet<>(Set.of(Compose.FILE));
    try (Stream<Path> files = Files.walk(Repo.path("deploy"))) {
      files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/test/"))
          .forEach(p -> out.add(Repo.name(p)));
    }
    assertThat(out).as("deploy/ should hold YAML files").hasSizeGreaterThan(5);
    return out;
  }
}
