package org.segstream.cli.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.segstream.inference.model.SegmentationModel;

/**
 * The floor the worker is measured against: the TorchScript forward pass through DJL on a tensor
 * that is already in place, with no decoding, resizing, normalising, encoding or Kafka.
 */
final class RawForward {
  private RawForward() {}

  /** Frames per second of {@code iterations} forward passes of a batch at the card's input size. */
  static double framesPerSecond(SegmentationModel model, int batch, int iterations) {
    return framesPerSecond(model, batch, model.card().input().height(), model.card().input().width(), iterations);
  }

  /** Frames per second of {@code iterations} forward passes of a {@code batch × 3 × height × width} input. */
  static double framesPerSecond(SegmentationModel model, int batch, int height, int width, int iterations) {
    try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
      NDList input = new NDList(manager.randomNormal(new Shape(batch, 3, height, width)));
      ParameterStore store = new ParameterStore(manager, false);
      for (int i = 0; i < 3; i++) {
        forward(model, store, input);
      }
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        forward(model, store, input);
      }
      return iterations * (double) batch / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void forward(SegmentationModel model, ParameterStore store, NDList input) {
    try (NDList out = model.djlModel().getBlock().forward(store, input, false)) {
      // Copy the result out, as the worker must: the forward pass is only done once it is read.
      out.singletonOrThrow().toByteArray();
    }
  }
}
