package org.segstream.inference.batch;

import java.util.List;
import org.segstream.inference.translate.ClassMap;

/** Where a batcher's results go. Called on the batcher's thread: hand heavy work on. */
public interface BatchSink<T extends BatchItem> {
  /**
   * The model segmented {@code batch}: {@code maps.get(i)} belongs to {@code batch.get(i)}.
   * {@code modelNanos} is the pass that did it; {@code startNanos} is when these frames first
   * entered the model, earlier than that pass when they are part of a failed batch tried again.
   */
  void predicted(List<T> batch, List<ClassMap> maps, long startNanos, long modelNanos);

  /** The model failed on {@code item} alone (the batcher has retried the rest of its batch). */
  void failed(T item, Exception error);

  /** {@code item} was too old to segment under {@link OverloadPolicy#FRESHEST}. */
  void skipped(T item);
}
