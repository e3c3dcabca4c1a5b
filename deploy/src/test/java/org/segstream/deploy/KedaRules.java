package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** KEDA ScaledObjects: a real scale target, sane bounds, and kafka triggers KEDA accepts. */
final class KedaRules {
  private static final List<String> KAFKA_METADATA = List.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold");

  private KedaRules() {}

  static void check(K8sObject scaled, Manifests manifests, Problems problems) {
    JsonNode target = scaled.spec().path("scaleTargetRef");
    String kind = target.has("kind") ? Yaml.text(target.get("kind")) : "Deployment";
    if (manifests.find(kind, Yaml.text(target.get("name"))).isEmpty()) {
      problems.add(scaled, "scaleTargetRef " + kind + "/" + Yaml.text(target.get("name")) + " is not in the manifests");
    }
    int min = scaled.spec().path("minReplicaCount").asInt(0);
    int max = scaled.spec().path("maxReplicaCount").asInt(100);
    if (min < 0 || max < Math.max(1, min)) {
      problems.add(scaled, "replica bounds must satisfy 0 <= min <= max and max >= 1, got " + min + ".." + max);
    }
    JsonNode triggers = scaled.spec().path("triggers");
    if (!triggers.isArray() || triggers.isEmpty()) {
      problems.add(scaled, "spec.triggers is empty");
    }
    for (JsonNode trigger : Yaml.elements(triggers)) {
      JsonNode metadata = trigger.path("metadata");
      // KEDA's trigger metadata is a map of strings: a bare number is rejected by its webhook.
      for (Map.Entry<String, JsonNode> e : Yaml.fields(metadata)) {
        if (!e.getValue().isTextual()) {
          problems.add(scaled, "trigger metadata " + e.getKey() + " must be a string, got " + e.getValue());
        }
      }
      if ("kafka".equals(Yaml.text(trigger.get("type")))) {
        kafka(scaled, metadata, max, manifests, problems);
      }
    }
  }

  private static void kafka(K8sObject scaled, JsonNode metadata, int max, Manifests manifests, Problems problems) {
    for (String key : KAFKA_METADATA) {
      if (Yaml.text(metadata.get(key)) == null || Yaml.text(metadata.get(key)).isBlank()) {
        problems.add(scaled, "kafka trigger needs metadata." + key);
      }
    }
    String topic = Yaml.text(metadata.get("topic"));
    for (K8sObject t : manifests.ofKind("KafkaTopic")) {
      String name = t.spec().has("topicName") ? Yaml.text(t.spec().get("topicName")) : t.name();
      int partitions = t.spec().path("partitions").asInt();
      // A consumer group never has more busy members than the topic has partitions.
      if (Objects.equals(name, topic) && max > partitions) {
        problems.add(scaled, "maxReplicaCount " + max + " exceeds the " + partitions + " partitions of " + topic);
      }
    }
  }
}
