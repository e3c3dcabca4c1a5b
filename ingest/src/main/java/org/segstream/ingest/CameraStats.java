package org.segstream.ingest;

/**
 * A snapshot of one camera's ingest counters.
 *
 * @param cameraId the camera
 * @param state where its capture loop is
 * @param grabbed frames read from the source
 * @param sampled frames kept by the frame-rate sampler, encoded and handed to the producer
 * @param published frames the broker acknowledged
 * @param failed frames that could not be published
 * @param error why the camera failed, one line; empty unless {@code state} is {@link State#FAILED}
 *     (or the last reconnect error while {@link State#RECONNECTING})
 */
public record CameraStats(
    String cameraId, State state, long grabbed, long sampled, long published, long failed, String error) {

  /** Where a camera's capture loop is. */
  public enum State {
    /** Created, not yet opened. */
    STARTING,
    /** Reading frames. */
    RUNNING,
    /** A live stream dropped or could not be opened; retrying with backoff. */
    RECONNECTING,
    /** Reached the end of its file or its frame limit. */
    FINISHED,
    /** Stopped on request. */
    STOPPED,
    /** Gave up: the source could not be opened or read (see {@code error}). */
    FAILED;

    /** Whether the capture loop has ended. */
    public boolean isTerminal() {
      return this == FINISHED || this == STOPPED || this == FAILED;
    }
  }

  /** Frames handed to the producer that are neither acknowledged nor failed yet. */
  public long inFlight() {
    return sampled - published - failed;
  }
}
