package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.segstream.ingest.IngestConfig;
import org.segstream.proto.Topics;

/**
 * Topic names and settings: compose's topic-init and Kubernetes' KafkaTopics create exactly the
 * contract's topics (org.segstream.proto.Topics) with the same settings, brokers accept ingest's
 * largest request, and every *_TOPIC variable names its contract topic.
 */
class TopicsTest {
  private static final String MAX_BYTES = String.valueOf(IngestConfig.MAX_REQUEST_BYTES);
  /** Topics that carry frames or masks, or the original bytes of one. */
  private static final Set<String> LARGE = Set.of(Topics.FRAMES, Topics.MASKS, Topics.FRAMES_DLQ, Topics.MASKS_DLQ);

  @Test
  void composeCreatesExactlyTheContractsTopics() {
    assertThat(TopicScript.topics().keySet()).as(TopicScript.FILE + " topics").isEqualTo(contractTopics().keySet());
  }

  @Test
  void kubernetesDeclaresExactlyTheContractsTopics() {
    assertThat(kubernetesTopics().keySet()).as(Manifests.DIR + " KafkaTopics").isEqualTo(contractTopics().keySet());
  }

  @Test
  void composeAndKubernetesGiveEachTopicTheSameSettings() {
    Map<String, JsonNode> k8s = kubernetesTopics();
    TopicScript.topics().forEach((name, topic) -> {
      assertThat(k8s).as(Manifests.DIR + " KafkaTopics, for " + TopicScript.FILE + "'s " + name).containsKey(name);
      Map<String, String> kubernetes = new TreeMap<>();
      Yaml.fields(k8s.get(name).path("config")).forEach(e -> kubernetes.put(e.getKey(), e.getValue().asText()));
      // Replication settings differ by design: one broker in compose, three in Kubernetes.
      kubernetes.remove("min.insync.replicas");
      assertThat(new TreeMap<>(topic.config())).as("topic " + name + ": " + TopicScript.FILE + " vs " + Manifests.DIR)
          .isEqualTo(kubernetes);
    });
  }

  @Test
  void largeRecordTopicsAcceptIngestsLargestRequestAndCamerasAreCompacted() {
    List<String> problems = new ArrayList<>();
    TopicScript.topics().forEach((name, topic) -> {
      String max = topic.config().get("max.message.bytes");
      if (LARGE.contains(name) && !MAX_BYTES.equals(max)) {
        problems.add(TopicScript.FILE + ": " + name + " max.message.bytes is " + max + ", not " + MAX_BYTES
            + " (IngestConfig.MAX_REQUEST_BYTES)");
      }
      boolean compacted = "compact".equals(topic.config().get("cleanup.policy"));
      if (compacted != name.equals(Topics.CAMERAS)) {
        problems.add(TopicScript.FILE + ": " + name + (compacted ? " is" : " is not") + " compacted");
      }
      if (!compacted && !topic.config().containsKey("retention.ms")) {
        problems.add(TopicScript.FILE + ": " + name + " has no retention.ms");
      }
    });
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  @Test
  void brokersAcceptIngestsLargestRequest() {
    Map<String, String> kafka = Compose.environment(Compose.load().service("kafka"));
    assertThat(kafka.get("KAFKA_MESSAGE_MAX_BYTES")).as(Compose.FILE + " kafka KAFKA_MESSAGE_MAX_BYTES").isEqualTo(MAX_BYTES);
    assertThat(kafka.get("KAFKA_REPLICA_FETCH_MAX_BYTES")).as(Compose.FILE + " kafka KAFKA_REPLICA_FETCH_MAX_BYTES")
        .isEqualTo(MAX_BYTES);
    JsonNode config = Manifests.load().ofKind("Kafka").get(0).spec().path("kafka").path("config");
    assertThat(config.path("message.max.bytes").asText()).as(Manifests.DIR + " Kafka message.max.bytes").isEqualTo(MAX_BYTES);
    assertThat(config.path("replica.fetch.max.bytes").asText()).as(Manifests.DIR + " Kafka replica.fetch.max.bytes")
        .isEqualTo(MAX_BYTES);
  }

  /** SEGSTREAM_FRAMES_TOPIC names Topics.FRAMES, SEGSTREAM_MASKS_DLQ_TOPIC Topics.MASKS_DLQ, and so on. */
  @Test
  void everyTopicVariableNamesItsContractTopic() {
    Map<String, String> contract = contractTopicsByConstant();
    List<String> problems = new ArrayList<>();
    for (DeploymentEnv.Setting s : DeploymentEnv.all()) {
      if (s.name().startsWith("SEGSTREAM_") && s.name().endsWith("_TOPIC")) {
        String constant = s.name().substring("SEGSTREAM_".length(), s.name().length() - "_TOPIC".length());
        String expected = contract.get(constant);
        if (expected == null || !expected.equals(s.value())) {
          problems.add(s.where() + ": " + s.name() + "=" + s.value() + ", but Topics." + constant + " is " + expected);
        }
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  private static Map<String, JsonNode> kubernetesTopics() {
    Map<String, JsonNode> out = new TreeMap<>();
    for (K8sObject t : Manifests.load().ofKind("KafkaTopic")) {
      out.put(t.spec().has("topicName") ? t.spec().path("topicName").asText() : t.name(), t.spec());
    }
    return out;
  }

  /** Topic name -> constant name. */
  private static Map<String, String> contractTopics() {
    Map<String, String> out = new TreeMap<>();
    contractTopicsByConstant().forEach((constant, topic) -> out.put(topic, constant));
    return out;
  }

  /** Topics' public String constants that are topic names (not the dead-letter header names). */
  private static Map<String, String> contractTopicsByConstant() {
    Map<String, String> out = new TreeMap<>();
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().startsWith("HEADER_")) {
        try {
          out.put(f.getName(), (String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertThat(new TreeSet<>(out.keySet())).as("Topics constants").contains("FRAMES", "MASKS", "CAMERAS");
    return out;
  }
}
