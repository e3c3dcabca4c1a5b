package org.segstream.inference.batch;

/** What a worker does when frames arrive faster than its model serves them. */
public enum OverloadPolicy {
  /** Segment every frame; the backlog waits in Kafka. */
  LOSSLESS,
  /**
   * Skip frames that would be older than the configured bound by the time their mask is out;
   * skipped frames are committed as consumed without a mask, counted and logged.
   */
  FRESHEST
}
