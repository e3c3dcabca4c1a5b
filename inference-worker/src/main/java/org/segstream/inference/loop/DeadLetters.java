package org.segstream.inference.loop;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.segstream.proto.Topics;

/** Dead-letter records: the original key and bytes, with the reason and source in headers. */
final class DeadLetters {
  private DeadLetters() {}

  static ProducerRecord<String, byte[]> of(String dlqTopic, ConsumerRecord<String, byte[]> source, String reason) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(dlqTopic, source.key(), source.value());
    record.headers()
        .add(Topics.HEADER_DLQ_REASON, utf8(reason))
        .add(Topics.HEADER_DLQ_TOPIC, utf8(source.topic()))
        .add(Topics.HEADER_DLQ_PARTITION, utf8(Integer.toString(source.partition())))
        .add(Topics.HEADER_DLQ_OFFSET, utf8(Long.toString(source.offset())));
    return record;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
