package org.segstream.postprocess.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.segstream.proto.v1.Projection;

/**
 * The binary form of {@link WindowAggregate} in the window stores and their changelogs. It is
 * internal state, not wire contract, so it is a small versioned layout rather than a protobuf
 * message: SceneStats carries means, not the sums an aggregate must keep adding to.
 *
 * <pre>
 * byte    version (1)
 * long    frames
 * UTF     label set id
 * int     projection number
 * int     class count, then per class ascending by id:
 *   int class id, double sum, double min where present, double max, long frames present
 * </pre>
 */
public final class WindowAggregateSerde implements Serde<WindowAggregate> {
  private static final byte VERSION = 1;

  @Override
  public Serializer<WindowAggregate> serializer() {
    return (topic, aggregate) -> aggregate == null ? null : write(aggregate);
  }

  @Override
  public Deserializer<WindowAggregate> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(WindowAggregate aggregate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 36 * aggregate.classes().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(aggregate.frames());
      out.writeUTF(aggregate.labelSet());
      out.writeInt(aggregate.projection().getNumber());
      out.writeInt(aggregate.classes().size());
      for (var e : aggregate.classes().entrySet()) {
        WindowAggregate.ClassTotals t = e.getValue();
        out.writeInt(e.getKey());
        out.writeDouble(t.sum());
        out.writeDouble(t.minPresent());
        out.writeDouble(t.max());
        out.writeLong(t.framesPresent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    }
    return bytes.toByteArray();
  }

  static WindowAggregate read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new SerializationException("window aggregate has unknown format version " + version);
      }
      long frames = in.readLong();
      String labelSet = in.readUTF();
      Projection projection = Projection.forNumber(in.readInt());
      int count = in.readInt();
      Map<Integer, WindowAggregate.ClassTotals> classes = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        classes.put(in.readInt(),
            new WindowAggregate.ClassTotals(in.readDouble(), in.readDouble(), in.readDouble(), in.readLong()));
      }
      return new WindowAggregate(frames, labelSet,
          projection == null ? Projection.PROJECTION_UNSPECIFIED : projection, classes);
    } catch (IOException e) {
      throw new SerializationException("window aggregate of " + bytes.length + " bytes is truncated", e);
    }
  }
}
