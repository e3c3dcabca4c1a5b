package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Deployments and StatefulSets: selector against template, volumes, non-root pods, StatefulSet extras. */
final class WorkloadRules {
  private WorkloadRules() {}

  static void check(Manifests manifests, Problems problems) {
    for (K8sObject w : manifests.workloads()) {
      JsonNode template = w.podTemplate();
      Map<String, String> templateLabels = K8sObject.stringMap(template.path("metadata").path("labels"));
      ObjectRules.labels(w, templateLabels, "spec.template.metadata.labels", problems);
      selector(w, templateLabels, problems);
      JsonNode replicas = w.spec().path("replicas");
      if (!replicas.isMissingNode() && (!replicas.isInt() || replicas.asInt() < 0)) {
        problems.add(w, "spec.replicas must be a whole number >= 0, got " + replicas);
      }
      JsonNode pod = template.path("spec");
      if (!pod.path("containers").isArray() || pod.path("containers").isEmpty()) {
        problems.add(w, "spec.template.spec.containers is empty");
      }
      Set<String> volumes = volumes(w, manifests, problems);
      if ("StatefulSet".equals(w.kind())) {
        statefulSet(w, manifests, templateLabels, volumes, problems);
      }
      nonRoot(w, pod, problems);
      for (Container c : manifests.containers()) {
        if (c.owner() == w) {
          ContainerRules.check(c, volumes, problems);
        }
      }
    }
  }

  private static void selector(K8sObject w, Map<String, String> templateLabels, Problems problems) {
    Map<String, String> selector = K8sObject.stringMap(w.spec().path("selector").path("matchLabels"));
    if (selector.isEmpty()) {
      problems.add(w, "spec.selector.matchLabels is empty");
    }
    selector.forEach((k, v) -> {
      if (!v.equals(templateLabels.get(k))) {
        problems.add(w, "spec.selector.matchLabels " + k + "=" + v + " is not a label of the pod template"
            + " (the API server rejects a selector that does not match its template)");
      }
    });
  }

  /** The pod's volume names (and a StatefulSet's claim templates); configMap volumes must resolve. */
  private static Set<String> volumes(K8sObject w, Manifests manifests, Problems problems) {
    Set<String> names = new HashSet<>();
    for (JsonNode v : Yaml.elements(w.podTemplate().path("spec").path("volumes"))) {
      String name = Yaml.text(v.get("name"));
      if (!K8sNames.dns1123Label(name) || !names.add(name)) {
        problems.add(w, "volume name '" + name + "' is illegal or repeated");
      }
      if (v.has("configMap")) {
        configMapVolume(w, v.path("configMap"), manifests, problems);
      }
    }
    for (JsonNode claim : Yaml.elements(w.spec().path("volumeClaimTemplates"))) {
      names.add(Yaml.text(claim.path("metadata").get("name")));
    }
    return names;
  }

  private static void configMapVolume(K8sObject w, JsonNode ref, Manifests manifests, Problems problems) {
    String name = Yaml.text(ref.get("name"));
    Optional<K8sObject> map = manifests.find("ConfigMap", name);
    if (map.isEmpty()) {
      problems.add(w, "volume refers to ConfigMap " + name + ", which is not in the manifests");
      return;
    }
    for (JsonNode item : Yaml.elements(ref.path("items"))) {
      String key = Yaml.text(item.get("key"));
      if (!map.get().node().path("data").has(key)) {
        problems.add(w, "volume item key " + key + " is not in ConfigMap " + name);
      }
    }
  }

  private static void statefulSet(K8sObject s, Manifests manifests, Map<String, String> templateLabels,
      Set<String> volumes, Problems problems) {
    String serviceName = Yaml.text(s.spec().get("serviceName"));
    Optional<K8sObject> service = manifests.find("Service", serviceName);
    if (service.isEmpty()) {
      problems.add(s, "spec.serviceName " + serviceName + " is not a Service in the manifests");
    } else {
      if (!"None".equals(Yaml.text(service.get().spec().get("clusterIP")))) {
        problems.add(s, "spec.serviceName " + serviceName + " must be headless (clusterIP: None) to give"
            + " each pod a stable DNS name");
      }
      Map<String, String> selects = K8sObject.stringMap(service.get().spec().path("selector"));
      if (selects.isEmpty() || !templateLabels.entrySet().containsAll(selects.entrySet())) {
        problems.add(s, "headless Service " + serviceName + " does not select this StatefulSet's pods");
      }
    }
    for (JsonNode claim : Yaml.elements(s.spec().path("volumeClaimTemplates"))) {
      String name = Yaml.text(claim.path("metadata").get("name"));
      if (!K8sNames.dns1123Label(name)) {
        problems.add(s, "volumeClaimTemplate name '" + name + "' is illegal");
      }
      if (!claim.path("spec").path("accessModes").isArray() || claim.path("spec").path("accessModes").isEmpty()) {
        problems.add(s, "volumeClaimTemplate " + name + " has no accessModes");
      }
      if (!K8sNames.quantity(claim.path("spec").path("resources").path("requests").get("storage"))) {
        problems.add(s, "volumeClaimTemplate " + name + " requests no valid storage size");
      }
    }
  }

  /** The images run as an unprivileged user; the pods must say so, or a root override slips in. */
  private static void nonRoot(K8sObject w, JsonNode pod, Problems problems) {
    boolean podLevel = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
    for (JsonNode c : Yaml.elements(pod.path("containers"))) {
      boolean containerLevel = c.path("securityContext").path("runAsNonRoot").asBoolean(false);
      if (!podLevel && !containerLevel) {
        problems.add(w, "container " + Yaml.text(c.get("name")) + " may run as root: set runAsNonRoot");
      }
      if (c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)) {
        problems.add(w, "container " + Yaml.text(c.get("name")) + " allows privilege escalation");
      }
    }
  }
}
