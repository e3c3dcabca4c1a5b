package org.segstream.cli.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.segstream.inference.model.SegmentationModel;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.PreparedFrame;

/**
 * The floor the worker is measured against: the TorchScript forward pass through DJL on a tensor
 * that is already in place, with no decoding, resizing, normalising, encoding or Kafka.
 */
final class RawForward {
  private RawForward() {}

  /** Frames per second of {@code iterations} forward passes of a {@code batch × 3 × height × width} random input. */
  static double framesPerSecond(SegmentationModel model, int batch, int height, int width, int iterations) {
    try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
      return framesPerSecond(model, manager, new NDList(manager.randomNormal(new Shape(batch, 3, height, width))),
          batch, iterations);
    }
  }

  /**
   * Frames per second of {@code iterations} forward passes of these prepared frames as one batch,
   * on a thread of its own set up as the worker's predictor threads are. Not on the main thread:
   * libtorch's intra-op threading differs on the thread that started the engine, and with another
   * job on this 2-core VM the main thread's forward passes measured 5–6× slower than any other's.
   */
  static double framesPerSecond(SegmentationModel model, List<PreparedFrame> batch, int iterations)
      throws InterruptedException, ExecutionException {
    return framesPerSecond(model, batch, iterations, 1);
  }

  /**
   * The same on {@code streams} threads at once, each forwarding its own copy of the batch (as
   * that many worker lanes do): frames of all streams over the time the slowest one took.
   */
  static double framesPerSecond(SegmentationModel model, List<PreparedFrame> batch, int iterations, int streams)
      throws InterruptedException, ExecutionException {
    ExecutorService threads = Executors.newFixedThreadPool(streams);
    try {
      List<Future<Double>> runs = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        runs.add(threads.submit(() -> {
          SegmentationModel.inferenceThread();
          return onThisThread(model, batch, iterations);
        }));
      }
      double slowest = Double.MAX_VALUE;
      for (Future<Double> run : runs) {
        slowest = Math.min(slowest, run.get());
      }
      return slowest * streams;
    } finally {
      threads.shutdown();
    }
  }

  /**
   * Frames per second of the worker's own predictor on these prepared frames: the forward plus the
   * translator's stacking into the input tensor and reading the class maps out, on the predictor
   * thread as in the worker. Its gap to the raw forward is the translator's share.
   */
  static double predictFramesPerSecond(SegmentationModel model, List<PreparedFrame> batch, int iterations)
      throws InterruptedException, ExecutionException {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(() -> {
        SegmentationModel.inferenceThread();
        try (Predictor<List<PreparedFrame>, List<ClassMap>> predictor = model.newPredictor()) {
          for (int i = 0; i < 3; i++) {
            predictor.predict(batch).forEach(ClassMap::release);
          }
          long start = System.nanoTime();
          for (int i = 0; i < iterations; i++) {
            // Their logits' arrays go back for the next batch, as the worker's do once encoded.
            predictor.predict(batch).forEach(ClassMap::release);
          }
          return iterations * (double) batch.size() / ((System.nanoTime() - start) / 1e9);
        }
      }).get();
    } finally {
      thread.shutdown();
    }
  }

  private static double onThisThread(SegmentationModel model, List<PreparedFrame> batch, int iterations) {
    PreparedFrame first = batch.get(0);
    int size = first.planes().length;
    float[] stacked = new float[batch.size() * size];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).planes(), 0, stacked, i * size, size);
    }
    try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
      NDList input = new NDList(manager.create(stacked,
          new Shape((long) batch.size() * first.items(), 3, first.height(), first.width())));
      return framesPerSecond(model, manager, input, batch.size(), iterations);
    }
  }

  private static double framesPerSecond(SegmentationModel model, NDManager manager, NDList input, int frames,
      int iterations) {
    ParameterStore store = new ParameterStore(manager, false);
    for (int i = 0; i < 3; i++) {
      forward(model, store, input);
    }
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      forward(model, store, input);
    }
    return iterations * (double) frames / ((System.nanoTime() - start) / 1e9);
  }

  private static final ThreadLocal<byte[]> READ_OUT = ThreadLocal.withInitial(() -> new byte[0]);

  private static void forward(SegmentationModel model, ParameterStore store, NDList input) {
    try (NDList out = model.djlModel().getBlock().forward(store, input, false)) {
      // Copy the result out, as the worker must: the forward pass is only done once it is read.
      // In place into one reused array, as the worker reads its logits: a new array of megabytes per
      // batch is a humongous allocation, and its GC work would slow this baseline down.
      ByteBuffer result = out.singletonOrThrow().toByteBuffer(true);
      if (READ_OUT.get().length < result.remaining()) {
        READ_OUT.set(new byte[result.remaining()]);
      }
      result.get(READ_OUT.get(), 0, result.remaining());
    }
  }
}
