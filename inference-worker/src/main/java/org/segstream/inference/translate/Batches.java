package org.segstream.inference.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;

/** Stacking prepared frames into one batch tensor. */
final class Batches {
  /**
   * Each predicting thread's input buffer, reused batch after batch: the engine reads it in place
   * and is done with it when the prediction returns, and a fresh direct buffer per batch would
   * cost an allocation, a zeroing and a garbage-collected release of megabytes each time.
   */
  private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

  private Batches() {}

  /**
   * One {@code N × 3 × H × W} tensor of every item of {@code frames}. The floats are copied once,
   * into a direct buffer the engine takes as it is (a {@code float[]} would be copied twice).
   */
  static NDArray stack(NDManager manager, List<PreparedFrame> frames) {
    PreparedFrame first = frames.get(0);
    long items = 0;
    for (PreparedFrame f : frames) {
      if (f.height() != first.height() || f.width() != first.width() || f.wraps() != first.wraps()) {
        throw new IllegalArgumentException("a batch must not mix equirectangular and pinhole frames "
            + "or input sizes: " + first.height() + "x" + first.width() + " and " + f.height() + "x" + f.width());
      }
      items += f.items();
    }
    long floats = items * 3 * first.height() * first.width();
    if (floats * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch of " + items + " inputs is too large for one tensor");
    }
    ByteBuffer buffer = buffer(manager, (int) (floats * Float.BYTES));
    FloatBuffer out = buffer.asFloatBuffer();
    for (PreparedFrame f : frames) {
      out.put(f.planes());
    }
    return manager.create(buffer, new Shape(items, 3, first.height(), first.width()), DataType.FLOAT32);
  }

  private static ByteBuffer buffer(NDManager manager, int bytes) {
    ByteBuffer buffer = BUFFER.get();
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = manager.allocateDirect(bytes);
      BUFFER.set(buffer);
    }
    buffer.clear().limit(bytes);
    return buffer;
  }
}
