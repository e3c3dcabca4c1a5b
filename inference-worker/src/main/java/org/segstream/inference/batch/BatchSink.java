package org.segstream.inference.batch;

import java.util.List;
import org.segstream.inference.translate.ClassMap;

/** Where a batcher's results go. Called on the batcher's thread: hand heavy work on. */
public interface BatchSink<T extends BatchItem> {
  /** The model segmented {@code batch}: {@code maps.get(i)} belongs to {@code batch.get(i)}. */
  void predicted(List<T> batch, List<ClassMap> maps, long startNanos, long modelNanos);

  /** The model failed on {@code batch}. */
  void failed(List<T> batch, Exception error);

  /** {@code item} was too old to segment under {@link OverloadPolicy#FRESHEST}. */
  void skipped(T item);
}
