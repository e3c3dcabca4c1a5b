package org.segstream.postprocess.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
 * byte    version (2)
 * long    frames
 * UTF     label set id
 * int     projection number
 * int     class count, then per class ascending by id:
 *   int class id, double sum, double min where present, double max, long frames present,
 *   long blob sum, long blob frames, int sector count, double sector sum × sector count
 * </pre>
 *
 * Version 1 (without blobs and sectors) is still read, so stores written before keep their windows.
 */
public final class WindowAggregateSerde implements Serde<WindowAggregate> {
  private static final byte VERSION = 2;

  @Override
  public Serializer<WindowAggregate> serializer() {
    return (topic, aggregate) -> aggregate == null ? null : write(aggregate);
  }

  @Override
  public Deserializer<WindowAggregate> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(WindowAggregate aggregate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 64 * aggregate.classes().size());
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
        out.writeLong(t.blobSum());
        out.writeLong(t.blobFrames());
        out.writeInt(t.sectorSums().size());
        for (double sector : t.sectorSums()) {
          out.writeDouble(sector);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    }
    return bytes.toByteArray();
  }

  private static List<Double> sectors(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > 360) {
      throw new SerializationException("window aggregate has " + count + " sectors");
    }
    List<Double> sectors = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      sectors.add(in.readDouble());
    }
    return sectors;
  }

  static WindowAggregate read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION && version != 1) {
        throw new SerializationException("window aggregate has unknown format version " + version);
      }
      long frames = in.readLong();
      String labelSet = in.readUTF();
      Projection projection = Projection.forNumber(in.readInt());
      int count = in.readInt();
      Map<Integer, WindowAggregate.ClassTotals> classes = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        int classId = in.readInt();
        double sum = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        long present = in.readLong();
        classes.put(classId, version == 1
            ? new WindowAggregate.ClassTotals(sum, min, max, present, 0, 0, List.of())
            : new WindowAggregate.ClassTotals(sum, min, max, present, in.readLong(), in.readLong(), sectors(in)));
      }
      return new WindowAggregate(frames, labelSet,
          projection == null ? Projection.PROJECTION_UNSPECIFIED : projection, classes);
    } catch (IOException e) {
      throw new SerializationException("window aggregate of " + bytes.length + " bytes is truncated", e);
    }
  }
}
