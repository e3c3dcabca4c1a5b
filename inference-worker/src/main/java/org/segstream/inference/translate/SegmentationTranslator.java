package org.segstream.inference.translate;

import ai.djl.translate.Translator;
import java.util.List;

/**
 * A model family's translator, split so the predictor thread does no pixel work:
 * {@link #prepare} (resize, normalise, pad, tile) runs on CPU pool threads, one frame at a time;
 * {@code processInput} only stacks prepared frames into one tensor, and {@code processOutput}
 * turns the network's output into class maps (argmax, crop, tile stitching).
 */
public interface SegmentationTranslator extends Translator<List<PreparedFrame>, List<ClassMap>> {
  /** The pixel work for one frame. Thread-safe: called from many threads at once. */
  PreparedFrame prepare(FrameImage frame);
}
