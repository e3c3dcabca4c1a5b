package org.segstream.inference.mask;

/** How a mask's class map is written into {@code Mask.data}. */
public enum MaskFormat {
  /** The lossless run-length codec of {@code MASK_RLE} (the smallest for the usual scenes). */
  RLE,
  /** An 8-bit indexed PNG with the label set's palette ({@code MASK_PNG_INDEXED}): any image viewer shows it. */
  PNG
}
