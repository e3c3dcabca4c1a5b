package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The SEGSTREAM_* variables: every one the deployment files set is read by the service in that
 * container, and every one a service reads is documented in README.md.
 */
class EnvironmentVariablesTest {
  private static final String README = "README.md";

  private final Map<String, Set<String>> read = ServiceSources.read();

  @Test
  void everyVariableTheDeploymentsSetIsReadByTheServiceTheyRun() {
    List<String> problems = new ArrayList<>();
    for (DeploymentEnv.Setting s : DeploymentEnv.all()) {
      if (!s.name().startsWith("SEGSTREAM_")) {
        continue;
      }
      if (s.service() == null) {
        problems.add(s.where() + ": " + s.name() + " is set on a container that runs no segstream service");
      } else if (!read.get(s.service()).contains(s.name())) {
        problems.add(s.where() + ": " + s.name() + " is not read by segstream " + s.service()
            + " (it reads " + read.get(s.service()) + ")");
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  @Test
  void everyVariableAServiceReadsIsDocumentedInTheReadme() {
    String readme = Repo.read(README);
    List<String> problems = new ArrayList<>();
    read.forEach((service, names) -> names.stream()
        .filter(name -> !readme.contains("`" + name + "`"))
        .forEach(name -> problems.add(README + ": " + name + " (read by " + service + ") is not documented")));
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  /** Guards the two tests above against a scan that silently finds nothing. */
  @Test
  void theScanFindsVariablesEachServiceIsKnownToRead() {
    Map<String, Set<String>> scanned = ServiceSources.scanned();
    assertThat(scanned.get("ingest")).contains("SEGSTREAM_SOURCE", "SEGSTREAM_BOOTSTRAP_SERVERS");
    assertThat(scanned.get("worker")).contains("SEGSTREAM_MODEL_DIR", "SEGSTREAM_METRICS_PORT");
    assertThat(scanned.get("postprocess")).contains("SEGSTREAM_GRPC_PORT", "SEGSTREAM_STATE_DIR");
  }

  /** The deployment files set each service's variables in every place that runs it. */
  @Test
  void composeAndKubernetesRunEachServiceWithTheSameVariables() {
    for (String service : ServiceSources.SERVICES) {
      Set<String> compose = names(DeploymentEnv.compose(), service);
      Set<String> kubernetes = names(DeploymentEnv.kubernetes(), service);
      // Where a value only makes sense on one platform, it is named here with the reason.
      compose.remove("SEGSTREAM_MODEL_DIR"); // compose mounts exported models; Kubernetes uses the image's
      kubernetes.remove("SEGSTREAM_WORKER_ID"); // the pod name, from the downward API
      assertThat(kubernetes).as("SEGSTREAM_* variables of " + service + " in " + Manifests.DIR
          + " vs " + Compose.FILE).isEqualTo(compose);
    }
  }

  /**
   * Fails once issue 4's ingest reads a name still on the pending list, so the list only ever
   * holds names that are really pending.
   */
  @Test
  void thePendingIngestVariablesAreNotReadYet() {
    Set<String> nowRead = new TreeSet<>(ServiceSources.scanned().get("ingest"));
    nowRead.retainAll(ServiceSources.PENDING_IN_INGEST);
    assertThat(nowRead).as("ingest now reads these: remove them from ServiceSources.PENDING_IN_INGEST").isEmpty();
  }

  private static Set<String> names(List<DeploymentEnv.Setting> settings, String service) {
    Set<String> out = new TreeSet<>();
    settings.stream().filter(s -> service.equals(s.service()) && s.name().startsWith("SEGSTREAM_"))
        .forEach(s -> out.add(s.name()));
    return out;
  }
}
