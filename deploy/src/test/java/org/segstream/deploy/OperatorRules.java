package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The custom resources of the operators the fleet relies on: Strimzi (Kafka) and KEDA. */
final class OperatorRules {
  private static final String CLUSTER_LABEL = "strimzi.io/cluster";
  private static final Set<String> ROLES = Set.of("controller", "broker");
  private static final Set<String> LISTENER_TYPES =
      Set.of("internal", "cluster-ip", "route", "loadbalancer", "nodeport", "ingress");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  private OperatorRules() {}

  static void check(Manifests manifests, Problems problems) {
    for (K8sObject kafka : manifests.ofKind("Kafka")) {
      kafka(kafka, manifests, problems);
    }
    for (K8sObject pool : manifests.ofKind("KafkaNodePool")) {
      cluster(pool, manifests, problems);
      Set<String> roles = new HashSet<>();
      Yaml.elements(pool.spec().path("roles")).forEach(r -> roles.add(r.asText()));
      if (roles.isEmpty() || !ROLES.containsAll(roles)) {
        problems.add(pool, "spec.roles must be controller and/or broker, got " + roles);
      }
      if (!pool.spec().path("replicas").isInt() || pool.spec().path("replicas").asInt() < 1) {
        problems.add(pool, "spec.replicas must be >= 1");
      }
      if (Yaml.text(pool.spec().path("storage").get("type")) == null) {
        problems.add(pool, "spec.storage.type is missing");
      }
    }
    for (K8sObject topic : manifests.ofKind("KafkaTopic")) {
      topic(topic, manifests, problems);
    }
    for (K8sObject scaled : manifests.ofKind("ScaledObject")) {
      KedaRules.check(scaled, manifests, problems);
    }
  }

  private static void kafka(K8sObject kafka, Manifests manifests, Problems problems) {
    Map<String, String> annotations = kafka.annotations();
    // Without these Strimzi would expect ZooKeeper and ignore the node pools.
    if (!"enabled".equals(annotations.get("strimzi.io/kraft"))
        || !"enabled".equals(annotations.get("strimzi.io/node-pools"))) {
      problems.add(kafka, "needs annotations strimzi.io/kraft: enabled and strimzi.io/node-pools: enabled");
    }
    if (kafka.spec().has("zookeeper")) {
      problems.add(kafka, "spec.zookeeper is set, but the fleet runs Kafka in KRaft mode");
    }
    JsonNode listeners = kafka.spec().path("kafka").path("listeners");
    if (!listeners.isArray() || listeners.isEmpty()) {
      problems.add(kafka, "spec.kafka.listeners is empty");
    }
    for (JsonNode l : Yaml.elements(listeners)) {
      String name = Yaml.text(l.get("name"));
      if (name == null || !name.matches("[a-z0-9]{1,11}") || !l.path("port").isInt()
          || l.path("port").asInt() < 9092 || !LISTENER_TYPES.contains(Yaml.text(l.get("type")))
          || !l.path("tls").isBoolean()) {
        problems.add(kafka, "listener " + name + " needs a name of 1-11 [a-z0-9], a port >= 9092, a type of "
            + LISTENER_TYPES + " and tls true/false");
      }
    }
    int brokers = brokers(kafka.name(), manifests);
    boolean controllers = manifests.ofKind("KafkaNodePool").stream()
        .filter(p -> Objects.equals(kafka.name(), p.labels().get(CLUSTER_LABEL)))
        .anyMatch(p -> p.spec().path("roles").toString().contains("controller"));
    if (brokers == 0 || !controllers) {
      problems.add(kafka, "KRaft needs KafkaNodePools with the controller and broker roles for this cluster");
    }
    JsonNode config = kafka.spec().path("kafka").path("config");
    for (String key : new String[] {"default.replication.factor", "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor", "min.insync.replicas"}) {
      if (config.has(key) && config.get(key).asInt() > brokers) {
        problems.add(kafka, key + " " + config.get(key) + " exceeds the " + brokers + " broker(s)");
      }
    }
  }

  private static void topic(K8sObject topic, Manifests manifests, Problems problems) {
    Optional<K8sObject> kafka = cluster(topic, manifests, problems);
    String name = Yaml.text(topic.spec().get("topicName"));
    if (!TOPIC.matcher(name == null ? topic.name() : name).matches()) {
      problems.add(topic, "topic name " + name + " is not a legal Kafka topic name");
    }
    JsonNode partitions = topic.spec().path("partitions");
    JsonNode replicas = topic.spec().path("replicas");
    if (!partitions.isInt() || partitions.asInt() < 1 || !replicas.isInt() || replicas.asInt() < 1) {
      problems.add(topic, "spec.partitions and spec.replicas must be whole numbers >= 1");
    }
    if (kafka.isPresent() && replicas.asInt() > brokers(kafka.get().name(), manifests)) {
      problems.add(topic, "spec.replicas " + replicas + " exceeds the cluster's brokers");
    }
    JsonNode minIsr = topic.spec().path("config").get("min.insync.replicas");
    if (minIsr != null && minIsr.asInt() > replicas.asInt()) {
      problems.add(topic, "min.insync.replicas " + minIsr + " exceeds spec.replicas " + replicas);
    }
  }

  /** The Kafka a Strimzi resource belongs to, through its strimzi.io/cluster label. */
  private static Optional<K8sObject> cluster(K8sObject o, Manifests manifests, Problems problems) {
    String cluster = o.labels().get(CLUSTER_LABEL);
    Optional<K8sObject> kafka = manifests.find("Kafka", cluster);
    if (kafka.isEmpty()) {
      problems.add(o, "label " + CLUSTER_LABEL + "=" + cluster + " names no Kafka of the manifests");
    }
    return kafka;
  }

  static int brokers(String cluster, Manifests manifests) {
    return manifests.ofKind("KafkaNodePool").stream()
        .filter(p -> cluster != null && cluster.equals(p.labels().get(CLUSTER_LABEL)))
        .filter(p -> p.spec().path("roles").toString().contains("broker"))
        .mapToInt(p -> p.spec().path("replicas").asInt())
        .sum();
  }
}
