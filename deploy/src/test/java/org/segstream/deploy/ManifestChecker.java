package org.segstream.deploy;

import java.util.List;

/**
 * A structural check of Kubernetes manifests, offline: what the API server and the operators'
 * admission would reject, and references between objects that only fail at run time (selectors
 * that match nothing, ports and volumes that do not exist, topics of an unknown cluster).
 */
final class ManifestChecker {
  private ManifestChecker() {}

  static List<String> check(Manifests manifests) {
    Problems problems = new Problems();
    ObjectRules.check(manifests, problems);
    WorkloadRules.check(manifests, problems);
    ServiceRules.check(manifests, problems);
    OperatorRules.check(manifests, problems);
    return problems.list();
  }
}
