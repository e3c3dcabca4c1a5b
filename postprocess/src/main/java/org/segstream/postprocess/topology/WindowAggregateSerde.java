package org.segstream.postprocess.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * UTF     label set id (Java's modified UTF-8: unsigned short length, then the bytes)
 * int     projection number
 * int     class count, then per class ascending by id:
 *   int class id, double sum, double min where present, double max, long frames present,
 *   long blob sum, long blob frames, int sector count, double sector sum × sector count
 * </pre>
 *
 * Version 1 (without blobs and sectors) is still read, so stores written before keep their windows.
 * Every mask reads and writes one aggregate per window size, so both directions go through one
 * exactly sized ByteBuffer (big-endian, as DataOutput wrote the same layout before).
 */
public final class WindowAggregateSerde implements Serde<WindowAggregate> {
  private static final byte VERSION = 2;
  private static final int CLASS_BYTES = 4 + 3 * 8 + 3 * 8 + 4;
  // Label set ids are a handful of strings; each is encoded once (up to a bound, as they come
  // from the masks).
  private static final int MAX_CACHED_LABEL_SETS = 64;
  private static final Map<String, byte[]> ENCODED_LABEL_SETS = new ConcurrentHashMap<>();

  @Override
  public Serializer<WindowAggregate> serializer() {
    return (topic, aggregate) -> aggregate == null ? null : write(aggregate);
  }

  @Override
  public Deserializer<WindowAggregate> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(WindowAggregate aggregate) {
    byte[] labelSet = encodedLabelSet(aggregate.labelSet());
    int size = 1 + 8 + labelSet.length + 4 + 4;
    for (int k = 0; k < aggregate.classCount(); k++) {
      size += CLASS_BYTES + 8 * aggregate.totals(k).sectorSums().size();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).putLong(aggregate.frames()).put(labelSet).putInt(aggregate.projection().getNumber())
        .putInt(aggregate.classCount());
    for (int k = 0; k < aggregate.classCount(); k++) {
      WindowAggregate.ClassTotals t = aggregate.totals(k);
      out.putInt(aggregate.classId(k)).putDouble(t.sum()).putDouble(t.minPresent()).putDouble(t.max())
          .putLong(t.framesPresent()).putLong(t.blobSum()).putLong(t.blobFrames()).putInt(t.sectorSums().size());
      for (double sector : t.sectorSums()) {
        out.putDouble(sector);
      }
    }
    return out.array();
  }

  static WindowAggregate read(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION && version != 1) {
        throw new SerializationException("window aggregate has unknown format version " + version);
      }
      long frames = in.getLong();
      String labelSet = labelSet(in);
      Projection projection = Projection.forNumber(in.getInt());
      int count = in.getInt();
      if (count < 0 || count > 256) {
        throw new SerializationException("window aggregate has " + count + " classes");
      }
      int[] ids = new int[count];
      WindowAggregate.ClassTotals[] totals = new WindowAggregate.ClassTotals[count];
      for (int i = 0; i < count; i++) {
        ids[i] = in.getInt();
        double sum = in.getDouble();
        double min = in.getDouble();
        double max = in.getDouble();
        long present = in.getLong();
        totals[i] = version == 1
            ? new WindowAggregate.ClassTotals(sum, min, max, present, 0, 0, List.of())
            : new WindowAggregate.ClassTotals(sum, min, max, present, in.getLong(), in.getLong(), sectors(in));
      }
      return new WindowAggregate(frames, labelSet,
          projection == null ? Projection.PROJECTION_UNSPECIFIED : projection, ids, totals);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new SerializationException("window aggregate of " + bytes.length + " bytes is truncated", e);
    }
  }

  private static List<Double> sectors(ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || count > 360) {
      throw new SerializationException("window aggregate has " + count + " sectors");
    }
    List<Double> sectors = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      sectors.add(in.getDouble());
    }
    return sectors;
  }

  /** Reads DataOutput's UTF form; plain ASCII (every label set id so far) without a stream. */
  private static String labelSet(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    int start = in.position();
    in.position(start + length);
    byte[] bytes = in.array();
    for (int i = start; i < start + length; i++) {
      if (bytes[i] <= 0) {
        return decodeModifiedUtf8(bytes, start - 2, length + 2);
      }
    }
    return new String(bytes, start, length, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static String decodeModifiedUtf8(byte[] bytes, int offset, int length) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
      return in.readUTF();
    } catch (IOException e) {
      throw new SerializationException("window aggregate has a malformed label set id", e);
    }
  }

  private static byte[] encodedLabelSet(String labelSet) {
    byte[] cached = ENCODED_LABEL_SETS.get(labelSet);
    if (cached != null) {
      return cached;
    }
    byte[] encoded = modifiedUtf8(labelSet);
    if (ENCODED_LABEL_SETS.size() < MAX_CACHED_LABEL_SETS) {
      ENCODED_LABEL_SETS.put(labelSet, encoded);
    }
    return encoded;
  }

  private static byte[] modifiedUtf8(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + text.length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    }
    return bytes.toByteArray();
  }
}
