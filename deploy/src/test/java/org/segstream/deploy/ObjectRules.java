package org.segstream.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** What every object needs: a known kind at its API version, a legal name, labels and namespace. */
final class ObjectRules {
  /** The kinds the fleet uses, at the API versions the cluster's operators serve. */
  private static final Map<String, Set<String>> API_VERSIONS = Map.of(
      "Namespace", Set.of("v1"),
      "ConfigMap", Set.of("v1"),
      "Service", Set.of("v1"),
      "Deployment", Set.of("apps/v1"),
      "StatefulSet", Set.of("apps/v1"),
      "Kafka", Set.of("kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"),
      "KafkaNodePool", Set.of("kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"),
      "KafkaTopic", Set.of("kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"),
      "ScaledObject", Set.of("keda.sh/v1alpha1"));

  // Services and the names that become DNS labels of pods or Strimzi services are stricter
  // than the general subdomain rule.
  private static final Map<String, Predicate<String>> NAME_RULES = Map.of(
      "Service", K8sNames::dns1035Label,
      "Namespace", K8sNames::dns1123Label,
      "StatefulSet", K8sNames::dns1123Label,
      "Kafka", K8sNames::dns1035Label,
      "KafkaNodePool", K8sNames::dns1123Label);

  private ObjectRules() {}

  static void check(Manifests manifests, Problems problems) {
    List<K8sObject> namespaces = manifests.ofKind("Namespace");
    String namespace = namespaces.size() == 1 ? namespaces.get(0).name() : null;
    Set<String> seen = new HashSet<>();
    for (K8sObject o : manifests.all()) {
      if (!identity(o, problems)) {
        continue;
      }
      if (!seen.add(o.kind() + "/" + o.name())) {
        problems.add(o, "a second " + o.kind() + " named " + o.name());
      }
      if (!"Namespace".equals(o.kind()) && namespace != null && !namespace.equals(o.namespace())) {
        problems.add(o, "metadata.namespace is " + o.namespace() + ", not the fleet's namespace " + namespace);
      }
      labels(o, o.labels(), "metadata.labels", problems);
    }
  }

  /** apiVersion, kind and name; false when the object is too broken to check further. */
  private static boolean identity(K8sObject o, Problems problems) {
    if (o.apiVersion() == null || o.kind() == null || o.name() == null) {
      problems.add(o, "needs apiVersion, kind and metadata.name");
      return false;
    }
    Set<String> versions = API_VERSIONS.get(o.kind());
    if (versions == null) {
      problems.add(o, "unknown kind " + o.kind() + " (known: " + API_VERSIONS.keySet() + ")");
      return false;
    }
    if (!versions.contains(o.apiVersion())) {
      problems.add(o, "kind " + o.kind() + " is served as " + versions + ", not " + o.apiVersion());
    }
    Predicate<String> rule = NAME_RULES.getOrDefault(o.kind(), K8sNames::dns1123Subdomain);
    if (!rule.test(o.name())) {
      problems.add(o, "metadata.name '" + o.name() + "' is not a legal " + o.kind() + " name");
    }
    return true;
  }

  static void labels(K8sObject o, Map<String, String> labels, String field, Problems problems) {
    labels.forEach((key, value) -> {
      if (!K8sNames.labelKey(key) || !K8sNames.labelValue(value)) {
        problems.add(o, field + " has an illegal label " + key + "=" + value);
      }
    });
  }
}
