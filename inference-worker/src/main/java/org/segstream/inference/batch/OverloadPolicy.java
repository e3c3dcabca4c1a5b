package org.segstream.inference.batch;

/** What a worker does when frames arrive faster than its model serves them. */
public enum OverloadPolicy {
  /** Segment every frame; the backlog waits in Kafka. */
  LOSSLESS,
  /**
   * Skip frames that would be older than the configured bound by the time their mask is out
   * (checked before decoding and again when the batch forms, against the recent time from batch
   * to publication), and never publish a mask whose frame is older than the bound. Skipped frames
   * are committed as consumed without a mask or any other record, counted and logged.
   */
  FRESHEST
}
