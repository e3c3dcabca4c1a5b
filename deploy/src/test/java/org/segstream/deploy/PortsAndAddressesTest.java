package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Ports and addresses agree across compose, Kubernetes, the Dockerfile and Prometheus: the gRPC
 * port, the metrics ports, the Kafka bootstrap address, and where postprocess keeps its state.
 */
class PortsAndAddressesTest {
  private static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";

  private final Compose compose = Compose.load();
  private final Manifests manifests = Manifests.load();

  @Test
  void theGrpcPortIsTheSameEverywhereAndOpen() {
    Set<String> values = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (DeploymentEnv.Setting s : settings("postprocess", "SEGSTREAM_GRPC_PORT")) {
      values.add(s.value());
    }
    compose.services().forEach((name, service) -> {
      String port = Compose.environment(service).get("SEGSTREAM_GRPC_PORT");
      if (port != null && !Compose.containerPorts(service).contains(Integer.parseInt(port))) {
        problems.add(Compose.FILE + " services." + name + ": SEGSTREAM_GRPC_PORT " + port + " is not published");
      }
    });
    for (Container c : manifests.containers()) {
      String port = c.env().get("SEGSTREAM_GRPC_PORT");
      if (port != null && c.port("grpc").orElse(-1) != Integer.parseInt(port)) {
        problems.add(c.where() + ": SEGSTREAM_GRPC_PORT " + port + " is not its containerPort named grpc");
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
    assertThat(values).as("SEGSTREAM_GRPC_PORT in " + Compose.FILE + ", " + Manifests.DIR + " and " + Dockerfile.FILE)
        .hasSize(1);
  }

  @Test
  void everyMetricsPortIsDeclaredAndScraped() {
    List<String> problems = new ArrayList<>();
    Map<String, Set<Integer>> scraped = prometheusTargets();
    compose.services().forEach((name, service) -> {
      String port = Compose.environment(service).get("SEGSTREAM_METRICS_PORT");
      if (port != null && !scraped.getOrDefault(name, Set.of()).contains(Integer.parseInt(port))) {
        problems.add(PROMETHEUS + ": does not scrape compose service " + name + " on SEGSTREAM_METRICS_PORT " + port);
      }
    });
    scraped.forEach((name, ports) -> {
      if (!compose.services().containsKey(name)) {
        problems.add(PROMETHEUS + ": scrapes " + name + ", which is no service of " + Compose.FILE);
      }
    });
    for (Container c : manifests.containers()) {
      String port = c.env().get("SEGSTREAM_METRICS_PORT");
      if (port == null) {
        continue;
      }
      if (c.port("metrics").orElse(-1) != Integer.parseInt(port)) {
        problems.add(c.where() + ": SEGSTREAM_METRICS_PORT " + port + " is not its containerPort named metrics");
      }
      String annotated = K8sObject.stringMap(c.owner().podTemplate().path("metadata").path("annotations"))
          .get("prometheus.io/port");
      if (!port.equals(annotated)) {
        problems.add(c.where() + ": pod annotation prometheus.io/port " + annotated + " is not SEGSTREAM_METRICS_PORT " + port);
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  @Test
  void eachServiceUsesOneMetricsPortEverywhere() {
    for (String service : ServiceSources.SERVICES) {
      Set<String> values = new TreeSet<>();
      settings(service, "SEGSTREAM_METRICS_PORT").forEach(s -> values.add(s.value()));
      assertThat(values).as("SEGSTREAM_METRICS_PORT of " + service + " across the deployment files").hasSizeLessThan(2);
    }
  }

  @Test
  void composeServicesReachKafkaOnItsAdvertisedListener() {
    Map<String, String> kafka = Compose.environment(compose.service("kafka"));
    String listener = kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME");
    String advertised = null;
    for (String l : kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
      if (l.startsWith(listener + "://")) {
        advertised = l.substring(listener.length() + 3);
      }
    }
    assertThat(advertised).as(Compose.FILE + " kafka advertises " + listener).isNotNull();
    for (DeploymentEnv.Setting s : DeploymentEnv.compose()) {
      if (s.name().equals("SEGSTREAM_BOOTSTRAP_SERVERS")) {
        assertThat(s.value()).as(s.where() + " SEGSTREAM_BOOTSTRAP_SERVERS").isEqualTo(advertised);
      }
    }
    assertThat(Compose.environment(compose.service("topic-init")).get("BOOTSTRAP_SERVERS"))
        .as(Compose.FILE + " topic-init BOOTSTRAP_SERVERS").isEqualTo(advertised);
  }

  @Test
  void thePageReachesKafkaAndThePostprocessorAndIsPublished() {
    JsonNode view = compose.service("view");
    List<String> command = new ArrayList<>();
    view.path("command").forEach(c -> command.add(c.asText()));
    assertThat(command).as(Compose.FILE + " services.view.command").startsWith("view");
    Map<String, String> options = new TreeMap<>();
    for (int i = 1; i + 1 < command.size(); i += 2) {
      options.put(command.get(i), command.get(i + 1));
    }
    String bootstrap = Compose.environment(compose.service("postprocess")).get("SEGSTREAM_BOOTSTRAP_SERVERS");
    String grpcPort = Compose.environment(compose.service("postprocess")).get("SEGSTREAM_GRPC_PORT");
    assertThat(options).as(Compose.FILE + " services.view.command options")
        .containsEntry("--bootstrap-servers", bootstrap)
        .containsEntry("--grpc", "postprocess:" + grpcPort)
        .containsEntry("--host", "0.0.0.0");
    assertThat(Compose.containerPorts(view)).as(Compose.FILE + " services.view.ports")
        .contains(Integer.parseInt(options.get("--port")));
  }

  @Test
  void kubernetesServicesReachStrimzisBootstrapService() {
    K8sObject kafka = manifests.ofKind("Kafka").get(0);
    JsonNode listener = kafka.spec().path("kafka").path("listeners").get(0);
    // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap.
    String expected = kafka.name() + "-kafka-bootstrap:" + listener.path("port").asInt();
    for (DeploymentEnv.Setting s : DeploymentEnv.kubernetes()) {
      if (s.name().equals("SEGSTREAM_BOOTSTRAP_SERVERS")) {
        assertThat(s.value()).as(s.where() + " SEGSTREAM_BOOTSTRAP_SERVERS").isEqualTo(expected);
      }
    }
  }

  @Test
  void composeKeepsPostprocessStateOnAVolume() {
    compose.services().forEach((name, service) -> {
      String dir = Compose.environment(service).get("SEGSTREAM_STATE_DIR");
      if (dir != null) {
        assertThat(Compose.volumes(service)).as(Compose.FILE + " services." + name + " volumes for SEGSTREAM_STATE_DIR")
            .containsKey(dir);
      }
    });
  }

  private static List<DeploymentEnv.Setting> settings(String service, String name) {
    return DeploymentEnv.named(DeploymentEnv.all(), service, name);
  }

  /** Compose service name -> ports Prometheus scrapes it on (DNS discovery by service name). */
  private static Map<String, Set<Integer>> prometheusTargets() {
    Map<String, Set<Integer>> out = new TreeMap<>();
    for (JsonNode job : Yaml.elements(Yaml.document(Repo.path(PROMETHEUS)).path("scrape_configs"))) {
      for (JsonNode sd : Yaml.elements(job.path("dns_sd_configs"))) {
        for (JsonNode name : Yaml.elements(sd.path("names"))) {
          out.computeIfAbsent(name.asText(), k -> new TreeSet<>()).add(sd.path("port").asInt());
        }
      }
    }
    return out;
  }
}
