package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Services select pods that exist and reach ports those pods have; ConfigMaps hold string data. */
final class ServiceRules {
  private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");

  private ServiceRules() {}

  static void check(Manifests manifests, Problems problems) {
    for (K8sObject s : manifests.ofKind("Service")) {
      String type = Yaml.text(s.spec().get("type"));
      if (type != null && !TYPES.contains(type)) {
        problems.add(s, "spec.type " + type + " is not one of " + TYPES);
      }
      Map<String, String> selector = K8sObject.stringMap(s.spec().path("selector"));
      List<K8sObject> selected = selector.isEmpty() ? List.of() : manifests.selectedBy(selector);
      if (selected.isEmpty()) {
        problems.add(s, "spec.selector " + selector + " selects no pod template of the manifests");
      }
      ports(s, manifests, selected, problems);
    }
    for (K8sObject m : manifests.ofKind("ConfigMap")) {
      for (Map.Entry<String, JsonNode> e : Yaml.fields(m.node().path("data"))) {
        if (!K8sNames.configKey(e.getKey()) || !e.getValue().isTextual()) {
          problems.add(m, "data key " + e.getKey() + " is illegal or its value is not a string");
        }
      }
    }
  }

  private static void ports(K8sObject s, Manifests manifests, List<K8sObject> selected, Problems problems) {
    JsonNode ports = s.spec().path("ports");
    if (!ports.isArray() || ports.isEmpty()) {
      problems.add(s, "spec.ports is empty");
      return;
    }
    Set<String> names = new HashSet<>();
    for (JsonNode port : ports) {
      String name = Yaml.text(port.get("name"));
      if (ports.size() > 1 && (name == null || !names.add(name))) {
        problems.add(s, "a Service with several ports needs a unique name on each");
      }
      if (name != null && !K8sNames.portName(name)) {
        problems.add(s, "port name '" + name + "' is not an IANA service name");
      }
      if (!K8sNames.port(port.get("port"))) {
        problems.add(s, "port must be a number in 1..65535, got " + port.get("port"));
      }
      JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
      for (K8sObject w : selected) {
        if (!reaches(w, target, manifests)) {
          problems.add(s, "targetPort " + target + " is not a container port of " + w.kind() + "/" + w.name());
        }
      }
    }
  }

  private static boolean reaches(K8sObject workload, JsonNode target, Manifests manifests) {
    for (Container c : manifests.containers()) {
      if (c.owner() != workload) {
        continue;
      }
      if (target != null && target.isTextual() ? c.port(target.asText()).isPresent()
          : target != null && c.hasPort(target.asInt())) {
        return true;
      }
    }
    return false;
  }
}
