package org.segstream.inference.mask;

/** The size of a mask's class map. */
public enum MaskResolution {
  /** The model's output size (smallest, and all the model knows). */
  MODEL,
  /** The frame's size, scaled from the model's output by nearest neighbour. */
  FRAME
}
