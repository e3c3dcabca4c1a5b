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
  private static final Pattern WORKER_METER = Pattern.compile("PREFIX \\+ \"([a-z.]+)\"");
  private static final String POSTPROCESS_METRICS =
      "postprocess/src/main/java/org/segstream/postprocess/topology/StatsTopology.java";
  private static final Pattern POSTPROCESS_METER = Pattern.compile("\"segstream\\.postprocess\\.([a-z.]+)\"");

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
  void everyWorkerSeriesTheDashboardQueriesIsOneTheWorkerExports() {
    Set<String> meters = meters(WORKER_METRICS, WORKER_METER);
    assertThat(meters).as(WORKER_METRICS + " meters").contains("frames_consumed", "model_time");
    List<String> problems = unknownSeries("segstream_worker_", meters);
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  /** segstream_postprocess_mask_check_cpu_seconds_sum comes from the timer "segstream.postprocess.mask.check.cpu". */
  @Test
  void everyPostprocessSeriesTheDashboardQueriesIsOneThePostprocessorExports() {
    Set<String> meters = meters(POSTPROCESS_METRICS, POSTPROCESS_METER);
    assertThat(meters).as(POSTPROCESS_METRICS + " meters").contains("mask_check", "mask_check_cpu");
    assertThat(Repo.read(DASHBOARD)).contains("segstream_postprocess_mask_check_cpu_seconds_sum");
    List<String> problems = unknownSeries("segstream_postprocess_", meters);
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  /** Meter names declared in {@code source}, dots as underscores, without their prefix. */
  private static Set<String> meters(String source, Pattern declaration) {
    Set<String> meters = new TreeSet<>();
    Matcher m = declaration.matcher(Repo.read(source));
    while (m.find()) {
      meters.add(m.group(1).replace('.', '_'));
    }
    return meters;
  }

  /** The dashboard's series under {@code prefix} that no meter of {@code meters} exports. */
  private static List<String> unknownSeries(String prefix, Set<String> meters) {
    List<String> problems = new ArrayList<>();
    Matcher series = Pattern.compile(prefix + "[a-z_]+").matcher(Repo.read(DASHBOARD));
    while (series.find()) {
      String meter = series.group().substring(prefix.length())
          .replaceAll("_(bucket|sum|count|max)$", "").replaceAll("_(total|seconds)$", "");
      if (!meters.contains(meter)) {
        problems.add(DASHBOARD + ": " + series.group() + " is no series of the meters " + meters);
      }
    }
    return problems;
  }
}
