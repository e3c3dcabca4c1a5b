package org.segstream.inference.translate;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reused float arrays for the per-frame data of megabytes: prepared planes (2.4 MB at 640×320, 6
 * MB at 1024×512) and logits read from the model's output. G1 allocates each as a humongous
 * object, and on a worker's busy heap every such allocation started a concurrent marking cycle
 * with its remark pause, GC threads taking cores from the model. Arrays are handed back once
 * nothing reads them (the batch and its retries have run; the mask is encoded); one not handed
 * back is simply collected.
 */
public final class FloatArrays {
  /** Per array length: no more are kept than were in use at once, and at most this many. */
  static final int MAX_KEPT = 64;
  private static final Map<Integer, ArrayBlockingQueue<float[]>> FREE = new ConcurrentHashMap<>();

  private FloatArrays() {}

  /** An array of {@code length} floats with any content: the caller overwrites every element. */
  static float[] take(int length) {
    ArrayBlockingQueue<float[]> free = FREE.get(length);
    float[] array = free == null ? null : free.poll();
    return array != null ? array : new float[length];
  }

  /** Hands back an array nothing will read again. */
  public static void recycle(float[] array) {
    FREE.computeIfAbsent(array.length, length -> new ArrayBlockingQueue<>(MAX_KEPT)).offer(array);
  }
}
