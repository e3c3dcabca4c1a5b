package org.segstream.ingest;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.segstream.ingest.encode.JpegEncoder;
import org.segstream.ingest.publish.FramePublisher;
import org.segstream.ingest.sample.FrameSampler;
import org.segstream.ingest.sample.Pacer;
import org.segstream.ingest.source.CameraSource;
import org.segstream.ingest.source.CameraSourceException;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture loop of one camera: grab → sample → (pace) → encode → publish, until the file ends,
 * the frame limit is reached or {@link #stop()} is called. A file can loop; a live stream that
 * drops is reopened with backoff. Run it on its own thread.
 */
public final class CameraIngest implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraIngest.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final CameraSpec spec;
  private final FramePublisher publisher;
  private final String sessionId;
  private final CameraCounters counters;
  /** Counted down by {@link #stop()}; waits on it double as interruptible sleeps. */
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);

  private final Pacer pacer = new Pacer();
  private FrameSampler sampler;
  private long sequence;
  /** Added to a file's pts on each replay so that pts keep increasing across loops. */
  private long loopOffsetUs;
  private long lastPtsUs = -1;
  private long frameDurationUs;
  private Duration backoff = FIRST_BACKOFF;

  /**
   * @param sessionId the ingest run's id, stamped on every frame
   */
  public CameraIngest(CameraSpec spec, FramePublisher publisher, String sessionId) {
    this.spec = spec;
    this.publisher = publisher;
    this.sessionId = sessionId;
    this.counters = new CameraCounters(spec.id());
  }

  public CameraSpec spec() {
    return spec;
  }

  /** A snapshot of this camera's counters and state. */
  public CameraStats stats() {
    return counters.snapshot();
  }

  /** Asks the loop to end after the frame in hand; returns at once. */
  public void stop() {
    stopRequested.countDown();
  }

  /** Waits for the loop to end; true if it did within {@code timeout}. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void run() {
    try (CameraSource source = new CameraSource(spec.source(), spec.isLive());
        JpegEncoder encoder = new JpegEncoder(spec.jpegQuality())) {
      if (open(source)) {
        capture(source, encoder);
      }
      if (!counters.state().isTerminal()) {
        counters.state(stopped() ? CameraStats.State.STOPPED : CameraStats.State.FINISHED, null);
      }
    } catch (CameraSourceException e) {
      LOG.error("camera {} failed: {}", spec.id(), e.getMessage());
      counters.state(CameraStats.State.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("camera {} failed", spec.id(), e);
      counters.state(CameraStats.State.FAILED, "camera " + spec.id() + ": " + e);
    } finally {
      CameraStats end = counters.snapshot();
      LOG.info("camera {} {}: {} frames grabbed, {} sampled, {} published, {} failed so far",
          spec.id(), end.state(), end.grabbed(), end.sampled(), end.published(), end.failed());
      done.countDown();
    }
  }

  /** Opens the source: a file once, a live stream until it answers or the loop is stopped. */
  private boolean open(CameraSource source) throws CameraSourceException {
    while (true) {
      try {
        source.start();
        sampler = new FrameSampler(spec.targetFps(), source.frameRate());
        frameDurationUs = source.frameRate() > 0 ? Math.round(1_000_000 / source.frameRate()) : 1;
        counters.state(CameraStats.State.RUNNING, null);
        LOG.info("camera {} reading {} at {} fps (publishing {})", spec.id(), source.source(),
            source.frameRate(), sampler.keepsAll() ? "every frame" : spec.targetFps() + " fps");
        return true;
      } catch (CameraSourceException e) {
        if (!source.isLive()) {
          throw e;
        }
        if (!waitBeforeReconnect(e)) {
          return false;
        }
      }
    }
  }

  private void capture(CameraSource source, JpegEncoder encoder) throws CameraSourceException {
    while (!stopped()) {
      org.bytedeco.javacv.Frame image;
      try {
        image = source.grab();
      } catch (CameraSourceException e) {
        if (!source.isLive()) {
          throw e;
        }
        if (!reconnect(source, e)) {
          return;
        }
        continue;
      }
      if (image == null) {
        if (!restartAtEnd(source)) {
          return;
        }
        continue;
      }
      counters.grabbed();
      // Only a frame proves the stream is back: one that opens and drops at once keeps backing off.
      backoff = FIRST_BACKOFF;
      long pts = timeline(source.ptsUs());
      if (!sampler.keep(pts) || !paced(source, pts)) {
        continue;
      }
      publish(encoder, image, pts);
      if (spec.maxFrames() > 0 && sequence >= spec.maxFrames()) {
        counters.state(CameraStats.State.FINISHED, null);
        return;
      }
    }
  }

  private void publish(JpegEncoder encoder, org.bytedeco.javacv.Frame image, long pts) {
    // Stamped after pacing: a paced file stands in for a live camera, whose frame is "captured"
    // when it is released, not when the decoder happened to read it ahead of time.
    Instant now = Instant.now();
    long captureUs = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    // Encode before the next grab: JavaCV reuses the picture buffer.
    byte[] jpeg = encoder.encode(image);
    Frame frame = Frame.newBuilder()
        .setCameraId(spec.id())
        .setSequence(sequence++)
        .setCaptureTimeUs(captureUs)
        .setStreamPtsUs(pts)
        .setWidth(image.imageWidth)
        .setHeight(image.imageHeight)
        .setEncoding(ImageEncoding.JPEG)
        .setData(ByteString.copyFrom(jpeg))
        .setProjection(spec.projection())
        .setHorizontalFovDeg(spec.hfovDeg())
        .setIngestSessionId(sessionId)
        .build();
    counters.sampled();
    publisher.publish(frame, counters);
  }

  /**
   * The stream pts made monotonic across replays of a file; -1 from the source (unknown) becomes
   * the previous pts plus one frame, so sampling and pacing still work.
   */
  private long timeline(long sourcePtsUs) {
    long pts = sourcePtsUs >= 0 ? sourcePtsUs + loopOffsetUs : lastPtsUs + frameDurationUs;
    lastPtsUs = Math.max(pts, 0);
    return lastPtsUs;
  }

  /** Sleeps until the frame is due when pacing a file; false if stopped while waiting. */
  private boolean paced(CameraSource source, long pts) {
    if (!spec.pace() || source.isLive()) {
      return true;
    }
    long wait = pacer.waitNanos(pts, System.nanoTime());
    return wait <= 0 || !sleep(Duration.ofNanos(wait));
  }

  /**
   * At the end of a stream: replays a looping file, reopens a live stream, or ends a file.
   * Returns whether to keep capturing.
   */
  private boolean restartAtEnd(CameraSource source) throws CameraSourceException {
    if (source.isLive()) {
      return reconnect(source, null);
    }
    if (!spec.loop() || lastPtsUs < 0) {
      // lastPtsUs < 0: the file has no frames at all, and replaying it would spin forever.
      counters.state(CameraStats.State.FINISHED, null);
      return false;
    }
    loopOffsetUs = lastPtsUs + frameDurationUs;
    source.restart();
    LOG.debug("camera {} replaying {} from pts {} µs", spec.id(), source.source(), loopOffsetUs);
    return true;
  }

  /** Reopens a live stream that ended or failed; false if stopped before it came back. */
  private boolean reconnect(CameraSource source, CameraSourceException cause) throws CameraSourceException {
    source.close();
    if (!waitBeforeReconnect(cause)) {
      return false;
    }
    pacer.reset();
    // A reopened stream starts its pts afresh, so there is nothing to offset.
    loopOffsetUs = 0;
    lastPtsUs = -1;
    return open(source);
  }

  /** Backs off before the next reconnect attempt; false if stopped meanwhile. */
  private boolean waitBeforeReconnect(CameraSourceException cause) {
    String why = cause == null ? "stream ended" : cause.getMessage();
    counters.state(CameraStats.State.RECONNECTING, why);
    LOG.warn("camera {}: {}; reconnecting in {} ms", spec.id(), why, backoff.toMillis());
    boolean stoppedMeanwhile = sleep(backoff);
    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    return !stoppedMeanwhile;
  }

  /** Sleeps for {@code duration} or until stopped; true if stopped. */
  private boolean sleep(Duration duration) {
    try {
      return stopRequested.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // Interruption means the owner wants the thread back: treat it as a stop request.
      Thread.currentThread().interrupt();
      stopRequested.countDown();
      return true;
    }
  }

  private boolean stopped() {
    return stopRequested.getCount() == 0;
  }
}
