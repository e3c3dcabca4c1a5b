package org.segstream.inference.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;

/**
 * Runs the loaded graph once on a small input and checks it returns what its card promises, so a
 * card that disagrees with its TorchScript fails at load with a clear message instead of
 * producing wrong masks.
 */
final class GraphProbe {
  /** Small enough to cost little at start, divisible by every encoder's total stride (32). */
  private static final int PROBE_HEIGHT = 64;
  private static final int PROBE_WIDTH = 128;

  private GraphProbe() {}

  static void check(ModelCard card, Model model, Path file) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList input = new NDList(manager.zeros(new Shape(1, 3, PROBE_HEIGHT, PROBE_WIDTH)));
      NDArray out;
      try {
        out = model.getBlock().forward(new ParameterStore(manager, false), input, false).singletonOrThrow();
      } catch (RuntimeException e) {
        throw new ModelException("model file " + file + " fails on a 1x3x" + PROBE_HEIGHT + "x" + PROBE_WIDTH
            + " input: " + e.getMessage(), e);
      }
      Shape expected = expectedShape(card);
      DataType expectedType = card.output().argmaxInGraph() ? DataType.UINT8 : DataType.FLOAT32;
      if (!out.getShape().equals(expected) || out.getDataType() != expectedType) {
        throw new ModelException("model card " + file.resolveSibling("model.json") + " disagrees with " + file
            + ": for a 1x3x" + PROBE_HEIGHT + "x" + PROBE_WIDTH + " input the card promises " + expectedType
            + " " + expected + ", the graph returns " + out.getDataType() + " " + out.getShape());
      }
    }
  }

  private static Shape expectedShape(ModelCard card) {
    int stride = card.output().stride();
    if (card.output().argmaxInGraph()) {
      return new Shape(1, PROBE_HEIGHT / stride, PROBE_WIDTH / stride);
    }
    return new Shape(1, card.labelSet().classes().size(), PROBE_HEIGHT / stride, PROBE_WIDTH / stride);
  }
}
