package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The structural check itself: it accepts a sound fleet and catches each kind of mistake, with a
 * message that names the file and the object (fixtures in src/test/resources/manifests).
 */
class ManifestCheckerTest {
  private static final String FIXTURES = "deploy/src/test/resources/manifests/";

  @Test
  void acceptsASoundFleet() {
    List<String> problems = ManifestChecker.check(Manifests.load(fixture("valid")));
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      selector-mismatch            | Deployment/worker): spec.selector.matchLabels app=wroker is not a label of the pod template
      service-selects-nothing      | Service/worker): spec.selector {app=nobody} selects no pod template
      bad-env                      | container worker: environment variable name 'SEGSTREAM-METRICS-PORT' is not a valid name
      bad-env                      | container worker: environment variable SEGSTREAM-METRICS-PORT has a non-string value 9400
      bad-ports                    | container worker: containerPort must be a number in 1..65535, got 94000
      bad-ports                    | container worker: readinessProbe uses port 'http', which the container does not name
      unknown-kind                 | Deploymnet/worker): unknown kind Deploymnet
      bad-name                     | Deployment/Worker_1): metadata.name 'Worker_1' is not a legal Deployment name
      topic-of-unknown-cluster     | KafkaTopic/frames): label strimzi.io/cluster=other names no Kafka
      missing-volume               | container worker: volumeMount fleets names no volume of the pod
      scaling-beyond-partitions    | ScaledObject/worker): maxReplicaCount 8 exceeds the 4 partitions of segstream.frames
      root-container               | Deployment/worker): container worker may run as root
      statefulset-without-headless | StatefulSet/stats): spec.serviceName stats-headless must be headless
      """)
  void reportsTheMistakeInItsFileAndObject(String fixture, String expected) {
    List<String> problems = ManifestChecker.check(Manifests.load(fixture(fixture)));
    String file = FIXTURES + fixture + "/manifest.yaml";
    assertThat(problems).as(Problems.describe(problems))
        .anySatisfy(p -> assertThat(p).startsWith(file).contains(expected.strip()));
  }

  /** Read from the sources, not the copy in target/, so messages name the file a reader can open. */
  private static Path fixture(String name) {
    return Repo.path(FIXTURES + name);
  }
}
