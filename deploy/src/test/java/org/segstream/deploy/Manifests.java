package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The Kubernetes objects of a manifest directory (kustomization.yaml aside: it is not an object). */
final class Manifests {
  static final String DIR = "deploy/kubernetes";
  static final String KUSTOMIZATION = "kustomization.yaml";

  private final List<K8sObject> objects;

  private Manifests(List<K8sObject> objects) {
    this.objects = List.copyOf(objects);
  }

  static Manifests load() {
    return load(Repo.path(DIR));
  }

  static Manifests load(Path dir) {
    List<K8sObject> objects = new ArrayList<>();
    for (Path file : files(dir)) {
      List<JsonNode> docs = Yaml.documents(file);
      for (int i = 0; i < docs.size(); i++) {
        objects.add(new K8sObject(file, i, docs.get(i)));
      }
    }
    return new Manifests(objects);
  }

  /** The manifest files of a directory, sorted, without the kustomization. */
  static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals(KUSTOMIZATION))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<K8sObject> all() {
    return objects;
  }

  List<K8sObject> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.kind())).toList();
  }

  Optional<K8sObject> find(String kind, String name) {
    return objects.stream().filter(o -> kind.equals(o.kind()) && name != null && name.equals(o.name())).findFirst();
  }

  List<K8sObject> workloads() {
    return objects.stream().filter(K8sObject::isWorkload).toList();
  }

  List<Container> containers() {
    List<Container> out = new ArrayList<>();
    for (K8sObject w : workloads()) {
      for (JsonNode c : Yaml.elements(w.podTemplate().path("spec").path("containers"))) {
        out.add(new Container(w, c));
      }
    }
    return out;
  }

  /** Workloads whose pod template carries every label of {@code selector}. */
  List<K8sObject> selectedBy(Map<String, String> selector) {
    return workloads().stream()
        .filter(w -> K8sObject.stringMap(w.podTemplate().path("metadata").path("labels"))
            .entrySet().containsAll(selector.entrySet()))
        .toList();
  }
}
