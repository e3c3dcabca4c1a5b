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
 * @param dropped frames lost before publishing: null grabs and read errors of a live source,
 *     decode and encode errors
 * @param reconnects times a live source was reopened after it dropped or failed to open
 * @param error why the camera failed, one line; empty unless {@code state} is {@link State#FAILED}
 *     (or the last reconnect error while {@link State#RECONNECTING})
 */
public record CameraStats(
    String cameraId, State state, long grabbed, long sampled, long published, long failed, long dropped,
    long reconnects, String error) {

  /** Where a camera's capture loop is. */
  public enum State {
    /** Opening its source for the first time. */
    STARTING,
    /** Reading frames. */
    RUNNING,
    /** A live stream dropped or could not be opened; retrying with backoff. */
    RECONNECTING,
    /** Reached the end of its file or its frame limit. */
    FINISHED,
    /** Stopped on request, removed from the fleet, or disabled in it. */
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
