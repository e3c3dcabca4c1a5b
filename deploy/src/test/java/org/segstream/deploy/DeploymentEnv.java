package org.segstream.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every environment variable the deployment files set for a container, and which service it runs. */
final class DeploymentEnv {

  /**
   * One variable set in a deployment file.
   *
   * @param where file and place, for messages
   * @param service the segstream service the container runs (ingest, worker, postprocess), or null
   * @param name the variable
   * @param value its literal value; null when computed (a Kubernetes valueFrom)
   */
  record Setting(String where, String service, String name, String value) {}

  private DeploymentEnv() {}

  static List<Setting> all() {
    List<Setting> out = new ArrayList<>(compose());
    out.addAll(kubernetes());
    out.addAll(dockerfile());
    return out;
  }

  static List<Setting> compose() {
    List<Setting> out = new ArrayList<>();
    Compose.load().services().forEach((name, service) -> {
      String where = Compose.FILE + " services." + name + ".environment";
      String runs = Compose.segstreamCommand(service);
      Compose.environment(service).forEach((k, v) -> out.add(new Setting(where, runs, k, v)));
    });
    return out;
  }

  static List<Setting> kubernetes() {
    List<Setting> out = new ArrayList<>();
    for (Container c : Manifests.load().containers()) {
      String runs = ServiceSources.isService(c.command()) ? c.command() : null;
      c.env().forEach((k, v) -> out.add(new Setting(c.where() + " env", runs, k, v)));
    }
    return out;
  }

  /**
   * ENV of every Dockerfile stage with a segstream CMD (its own and inherited); a stage that sets
   * variables but runs no service and is no ancestor of one counts as running none.
   */
  static List<Setting> dockerfile() {
    Dockerfile file = Dockerfile.load();
    List<Setting> out = new ArrayList<>();
    List<Dockerfile.Stage> serviceStages = new ArrayList<>();
    for (Dockerfile.Stage stage : file.stages()) {
      Optional<String> runs = service(file, stage);
      if (runs.isPresent()) {
        serviceStages.add(stage);
        String where = Dockerfile.FILE + " stage " + stage.name();
        file.env(stage).forEach((k, v) -> out.add(new Setting(where, runs.get(), k, v)));
      }
    }
    for (Dockerfile.Stage stage : file.stages()) {
      boolean feedsAService = serviceStages.stream().anyMatch(s -> file.lineage(s).contains(stage));
      if (!feedsAService) {
        String where = Dockerfile.FILE + " stage " + stage.name();
        stage.all("ENV").forEach(e -> Dockerfile.envPairs(e.args())
            .forEach((k, v) -> out.add(new Setting(where, null, k, v))));
      }
    }
    return out;
  }

  /** The segstream service a stage's image runs: the first word of its (inherited) CMD. */
  static Optional<String> service(Dockerfile file, Dockerfile.Stage stage) {
    return file.inherited(stage, "CMD")
        .map(Dockerfile::execForm)
        .filter(cmd -> !cmd.isEmpty() && ServiceSources.isService(cmd.get(0)))
        .map(cmd -> cmd.get(0));
  }

  /** The literal value of a variable for containers running {@code service} in these settings. */
  static List<Setting> named(List<Setting> settings, String service, String name) {
    return settings.stream().filter(s -> name.equals(s.name()) && service.equals(s.service())).toList();
  }
}
