package org.segstream.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one protobuf message type. A record that does not parse raises
 * {@link SerializationException}, which consumers sort into per-record errors (dead letters).
 */
public final class ProtoSerde<T extends MessageLite> implements Serde<T> {
  private final Parser<T> parser;

  public ProtoSerde(Parser<T> parser) {
    this.parser = parser;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, message) -> message == null ? null : message.toByteArray();
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return parser.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new SerializationException("record on " + topic + " is not a valid protobuf message: " + e.getMessage(), e);
      }
    };
  }
}
