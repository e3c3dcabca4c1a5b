package org.segstream.ingest.publish;

/**
 * Hears how one published frame ended. Called on the producer's I/O thread: keep it short and
 * never block in it.
 */
public interface PublishListener {
  /** The broker has the frame (all in-sync replicas). */
  void acknowledged();

  /** The frame was not stored and will not be retried. */
  void failed(Exception error);

  /** A listener that does nothing. */
  PublishListener NONE = new PublishListener() {
    @Override
    public void acknowledged() {
      // Nobody to tell.
    }

    @Override
    public void failed(Exception error) {
      // Nobody to tell: FramePublisher still counts and logs the failure.
    }
  };
}
