package org.segstream.cli;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.Topics;

/** The topics a segstream pipeline needs, with the settings frames and masks require. */
public final class PipelineTopics {
  private PipelineTopics() {}

  /** Frames, masks, stats, their dead-letter topics and the compacted camera topic. */
  public static List<NewTopic> all(int partitions) {
    Map<String, String> large = Map.of("max.message.bytes", String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
    return List.of(
        new NewTopic(Topics.FRAMES, partitions, (short) 1).configs(large),
        new NewTopic(Topics.MASKS, partitions, (short) 1).configs(large),
        new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1).configs(large),
        new NewTopic(Topics.MASKS_DLQ, 1, (short) 1),
        new NewTopic(Topics.STATS, partitions, (short) 1),
        new NewTopic(Topics.CAMERAS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
  }
}
