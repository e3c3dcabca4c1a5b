package org.segstream.postprocess.topology;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.segstream.proto.v1.LatestFrame;

/**
 * The binary form of {@link CameraWindows} in the camera-state store and its changelog; internal
 * state, a small versioned layout like {@link WindowAggregateSerde}'s, whose form each window's
 * aggregate takes inside it.
 *
 * <pre>
 * byte    version (1)
 * int     newest frame's length (-1 for none), then the LatestFrame message
 * int     window size count, then per size:
 *   long size in ms, int open window count, then per window:
 *     long start in ms, int length, the aggregate in WindowAggregateSerde's form
 * </pre>
 *
 * It is read back with the sizes this instance counts: a size no longer configured is dropped and
 * a new one starts empty. Each window's aggregate is decoded when first asked for (a query for the
 * newest frame needs none of them), so a malformed one is reported then.
 */
final class CameraWindowsSerde implements Serde<CameraWindows> {
  private static final byte VERSION = 1;
  private final long[] sizesMs;

  CameraWindowsSerde(long[] sizesMs) {
    this.sizesMs = sizesMs.clone();
  }

  @Override
  public Serializer<CameraWindows> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<CameraWindows> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(CameraWindows state) {
    byte[] latest = state.latest() == null ? null : state.latest().toByteArray();
    long[] sizes = state.sizesMs();
    List<byte[]> aggregates = new ArrayList<>();
    int size = 1 + 4 + (latest == null ? 0 : latest.length) + 4;
    for (int i = 0; i < sizes.length; i++) {
      size += 8 + 4;
      for (CameraWindows.Open window : state.open(i)) {
        byte[] aggregate = WindowAggregateSerde.write(window.aggregate());
        aggregates.add(aggregate);
        size += 8 + 4 + aggregate.length;
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).putInt(latest == null ? -1 : latest.length);
    if (latest != null) {
      out.put(latest);
    }
    out.putInt(sizes.length);
    int next = 0;
    for (int i = 0; i < sizes.length; i++) {
      out.putLong(sizes[i]).putInt(state.open(i).size());
      for (CameraWindows.Open window : state.open(i)) {
        byte[] aggregate = aggregates.get(next++);
        out.putLong(window.startMs).putInt(aggregate.length).put(aggregate);
      }
    }
    return out.array();
  }

  CameraWindows read(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new SerializationException("camera state has unknown format version " + version);
      }
      CameraWindows state = new CameraWindows(sizesMs);
      int latestLength = in.getInt();
      if (latestLength >= 0) {
        state.restoreLatest(LatestFrame.parseFrom(ByteBuffer.wrap(bytes, in.position(), latestLength)));
        in.position(in.position() + latestLength);
      }
      int sizeCount = in.getInt();
      for (int s = 0; s < sizeCount; s++) {
        int i = indexOf(in.getLong());
        int windows = in.getInt();
        for (int w = 0; w < windows; w++) {
          long start = in.getLong();
          byte[] aggregate = new byte[in.getInt()];
          in.get(aggregate);
          if (i >= 0) {
            state.restore(i, start, aggregate);
          }
        }
      }
      return state;
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException
        | NegativeArraySizeException | InvalidProtocolBufferException e) {
      throw new SerializationException("camera state of " + bytes.length + " bytes is malformed", e);
    }
  }

  private int indexOf(long sizeMs) {
    for (int i = 0; i < sizesMs.length; i++) {
      if (sizesMs[i] == sizeMs) {
        return i;
      }
    }
    return -1;
  }
}
