package org.segstream.proto;

/**
 * Kafka topic names and dead-letter header names of the wire contract. Every record on these
 * topics is keyed by camera id, so one camera's records stay ordered on one partition.
 */
public final class Topics {
  /** {@code Frame} records published by ingest. */
  public static final String FRAMES = "segstream.frames";
  /** {@code Mask} records published by inference workers. */
  public static final String MASKS = "segstream.masks";
  /** {@code SceneStats} records published by the postprocessor. */
  public static final String STATS = "segstream.stats";
  /** Frames no worker could segment, with the reason in headers. */
  public static final String FRAMES_DLQ = "segstream.frames.dlq";
  /** Masks the postprocessor could not count, with the reason in headers. */
  public static final String MASKS_DLQ = "segstream.masks.dlq";
  /** Compacted camera status. */
  public static final String CAMERAS = "segstream.cameras";

  /** Dead-letter header: a one-line human-readable reason. */
  public static final String HEADER_DLQ_REASON = "segstream.dlq.reason";
  /** Dead-letter header: the source topic of the record. */
  public static final String HEADER_DLQ_TOPIC = "segstream.dlq.topic";
  /** Dead-letter header: the source partition, decimal text. */
  public static final String HEADER_DLQ_PARTITION = "segstream.dlq.partition";
  /** Dead-letter header: the source offset, decimal text. */
  public static final String HEADER_DLQ_OFFSET = "segstream.dlq.offset";

  private Topics() {}
}
