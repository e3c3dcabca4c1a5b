package org.segstream.inference.batch;

import org.segstream.inference.translate.PreparedFrame;

/** What the batcher needs of a frame: its prepared input, its capture time and whether it still counts. */
public interface BatchItem {
  PreparedFrame prepared();

  /** Capture time, epoch milliseconds. */
  long captureMillis();

  /** True once the frame's result is no longer wanted (its transaction was aborted). */
  boolean cancelled();

  /** Called once the batch holding the frame, and any retry of it, has run: its input is not read again. */
  default void inputUsed() {}
}
