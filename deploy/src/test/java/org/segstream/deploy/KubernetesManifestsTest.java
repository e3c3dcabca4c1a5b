package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes: structurally sound, complete, and wired the way the fleet needs. */
class KubernetesManifestsTest {
  private final Manifests manifests = Manifests.load();

  @Test
  void theManifestsPassTheStructuralCheck() {
    List<String> problems = ManifestChecker.check(manifests);
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  @Test
  void theKustomizationListsEveryManifestFileAndNoOther() {
    JsonNode kustomization = Yaml.document(Repo.path(Manifests.DIR + "/" + Manifests.KUSTOMIZATION));
    Set<String> listed = new TreeSet<>();
    Yaml.elements(kustomization.path("resources")).forEach(r -> listed.add(r.asText()));
    Set<String> present = new TreeSet<>();
    Manifests.files(Repo.path(Manifests.DIR)).forEach(f -> present.add(f.getFileName().toString()));
    assertThat(listed).as(Manifests.DIR + "/" + Manifests.KUSTOMIZATION + " resources").isEqualTo(present);
  }

  @Test
  void theFleetHasEveryPart() {
    assertThat(manifests.ofKind("Kafka")).as("Strimzi Kafka").hasSize(1);
    assertThat(manifests.ofKind("KafkaNodePool")).as("Strimzi node pools").isNotEmpty();
    assertThat(manifests.find("Deployment", "ingest")).as("Deployment ingest").isPresent();
    assertThat(manifests.find("Deployment", "inference-worker")).as("Deployment inference-worker").isPresent();
    assertThat(manifests.find("StatefulSet", "postprocess")).as("StatefulSet postprocess").isPresent();
    assertThat(manifests.ofKind("ScaledObject")).as("KEDA ScaledObject").hasSize(1);
    assertThat(manifests.ofKind("ConfigMap")).as("fleet ConfigMap").isNotEmpty();
  }

  @Test
  void everyWorkerGetsAGpu() {
    List<Container> workers = containersRunning("worker");
    assertThat(workers).as("containers running `segstream worker`").isNotEmpty();
    for (Container c : workers) {
      assertThat(c.node().path("resources").path("limits").path("nvidia.com/gpu").asInt())
          .as(c.where() + " resources.limits nvidia.com/gpu").isEqualTo(1);
    }
  }

  @Test
  void postprocessKeepsItsStateOnAClaimPerPod() {
    Container c = single(containersRunning("postprocess"));
    String stateDir = c.env().get("SEGSTREAM_STATE_DIR");
    K8sObject set = c.owner();
    assertThat(set.kind()).as(c.where() + " runs in a StatefulSet").isEqualTo("StatefulSet");
    Set<String> claims = new TreeSet<>();
    Yaml.elements(set.spec().path("volumeClaimTemplates")).forEach(t -> claims.add(t.path("metadata").path("name").asText()));
    boolean onClaim = false;
    for (JsonNode mount : Yaml.elements(c.node().path("volumeMounts"))) {
      onClaim |= mount.path("mountPath").asText().equals(stateDir) && claims.contains(mount.path("name").asText());
    }
    assertThat(onClaim).as(c.where() + ": SEGSTREAM_STATE_DIR " + stateDir + " must be the mountPath of a"
        + " volumeClaimTemplate " + claims).isTrue();
  }

  @Test
  void workersScaleOnTheLagOfTheirOwnConsumerGroup() {
    Container worker = single(containersRunning("worker"));
    JsonNode scaled = manifests.ofKind("ScaledObject").get(0).spec();
    assertThat(scaled.path("scaleTargetRef").path("name").asText()).isEqualTo(worker.owner().name());
    JsonNode trigger = scaled.path("triggers").get(0);
    assertThat(trigger.path("type").asText()).isEqualTo("kafka");
    JsonNode metadata = trigger.path("metadata");
    String where = "ScaledObject trigger vs " + worker.where() + " ";
    assertThat(metadata.path("consumerGroup").asText()).as(where + "SEGSTREAM_WORKER_GROUP")
        .isEqualTo(worker.env().get("SEGSTREAM_WORKER_GROUP"));
    assertThat(metadata.path("topic").asText()).as(where + "SEGSTREAM_FRAMES_TOPIC")
        .isEqualTo(worker.env().get("SEGSTREAM_FRAMES_TOPIC"));
    assertThat(metadata.path("bootstrapServers").asText()).as(where + "SEGSTREAM_BOOTSTRAP_SERVERS")
        .isEqualTo(worker.env().get("SEGSTREAM_BOOTSTRAP_SERVERS"));
  }

  @Test
  void ingestReadsTheFleetConfigMapThroughADirectoryMount() {
    Container ingest = single(containersRunning("ingest"));
    String fleetFile = ingest.env().get("SEGSTREAM_FLEET_FILE");
    boolean found = false;
    for (JsonNode mount : Yaml.elements(ingest.node().path("volumeMounts"))) {
      String dir = mount.path("mountPath").asText();
      if (fleetFile.startsWith(dir + "/")) {
        // A subPath mount is a snapshot: ConfigMap edits would never reach the running ingester.
        assertThat(mount.has("subPath")).as(ingest.where() + " mounts the fleet file with subPath").isFalse();
        JsonNode volume = volume(ingest.owner(), mount.path("name").asText());
        String key = fleetFile.substring(dir.length() + 1);
        assertThat(volume.path("configMap").path("items").toString()).as(ingest.where() + " volume items")
            .contains("\"path\":\"" + key + "\"");
        found = true;
      }
    }
    assertThat(found).as(ingest.where() + ": SEGSTREAM_FLEET_FILE " + fleetFile + " is on no volume mount").isTrue();
  }

  private List<Container> containersRunning(String service) {
    return manifests.containers().stream().filter(c -> service.equals(c.command())).toList();
  }

  private static Container single(List<Container> containers) {
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static JsonNode volume(K8sObject workload, String name) {
    for (JsonNode v : Yaml.elements(workload.podTemplate().path("spec").path("volumes"))) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    throw new AssertionError(workload.where() + " has no volume " + name);
  }
}
