package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard reads its provisioned datasource and series the worker really exports. */
class DashboardTest {
  private static final String DASHBOARD = "deploy/grafana/dashboards/segstream-fleet.json";
  private static final String DATASOURCES = "deploy/grafana/provisioning/datasources/prometheus.yaml";
  private static final String WORKER_METRICS = "inference-worker/src/main/java/org/segstream/inference/metrics/WorkerStats.java";
  private static final Pattern SERIES = Pattern.compile("segstream_worker_[a-z_]+");
  private static final Pattern METER = Pattern.compile("PREFIX \\+ \"([a-z.]+)\"");

  @Test
  void everyPanelQueriesTheProvisionedDatasource() {
    String uid = Yaml.document(Repo.path(DATASOURCES)).path("datasources").get(0).path("uid").asText();
    JsonNode panels = Yaml.json(Repo.path(DASHBOARD)).path("panels");
    assertThat(panels).as(DASHBOARD + " panels").isNotEmpty();
    for (JsonNode panel : panels) {
      assertThat(panel.path("datasource").path("uid").asText()).as(DASHBOARD + " panel " + panel.path("title"))
          .isEqualTo(uid);
    }
  }

  /** segstream_worker_model_time_seconds_bucket comes from the Micrometer timer "segstream.worker.model.time". */
  @Test
  void everySeriesTheDashboardQueriesIsOneTheWorkerExports() {
    Set<String> meters = new TreeSet<>();
    Matcher m = METER.matcher(Repo.read(WORKER_METRICS));
    while (m.find()) {
      meters.add(m.group(1).replace('.', '_'));
    }
    assertThat(meters).as(WORKER_METRICS + " meters").contains("frames_consumed", "model_time");
    List<String> problems = new ArrayList<>();
    Matcher series = SERIES.matcher(Repo.read(DASHBOARD));
    while (series.find()) {
      String meter = series.group().substring("segstream_worker_".length())
          .replaceAll("_(bucket|sum|count|max)$", "").replaceAll("_(total|seconds)$", "");
      if (!meters.contains(meter)) {
        problems.add(DASHBOARD + ": " + series.group() + " is no series of the worker's meters " + meters);
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }
}
