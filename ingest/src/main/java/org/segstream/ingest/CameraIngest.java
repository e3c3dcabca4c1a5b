package org.segstream.ingest;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.segstream.ingest.encode.JpegEncoder;
import org.segstream.ingest.publish.FramePublisher;
import org.segstream.ingest.sample.FrameSampler;
import org.segstream.ingest.sample.Pacer;
import org.segstream.ingest.source.CameraSourceException;
import org.segstream.ingest.source.FrameSource;
import org.segstream.ingest.source.SourceOptions;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture loop of one camera: grab → sample → (pace) → encode → publish, until the file ends,
 * the frame limit is reached or {@link #stop()} is called. A file can loop; a live source that
 * drops or fails is reopened with backoff and jitter for as long as the camera runs; a file that
 * cannot be opened or read fails the camera after a few tries. Run it on its own thread: it holds
 * one frame at a time, so its memory is bounded whatever the source does.
 */
public final class CameraIngest implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraIngest.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** Opening a file is retried this often (it may be being copied in) before the camera fails. */
  static final int FILE_OPEN_ATTEMPTS = 3;
  /** Read errors in a row after which a file is taken as undecodable and the camera fails. */
  static final int FILE_READ_ERRORS = 10;

  private final CameraSpec spec;
  private final FramePublisher publisher;
  private final String sessionId;
  private final CameraCounters counters;
  /** Counted down by {@link #stop()}; waits on it double as interruptible sleeps. */
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final Backoff backoff =
      new Backoff(FIRST_BACKOFF, MAX_BACKOFF, () -> ThreadLocalRandom.current().nextDouble());
  private final StreamClock clock = new StreamClock(new Pacer());
  private FrameSampler sampler;
  private int readErrors;
  private boolean everGrabbed;

  /** A camera with counters of its own (tests, one-off runs). */
  public CameraIngest(CameraSpec spec, FramePublisher publisher, String sessionId) {
    this(spec, publisher, sessionId, new CameraCounters(spec.id()));
  }

  /**
   * @param sessionId the ingest run's id, stamped on every frame
   * @param counters this camera's session counters, shared with an earlier loop of the same camera
   */
  CameraIngest(CameraSpec spec, FramePublisher publisher, String sessionId, CameraCounters counters) {
    this.spec = spec;
    this.publisher = publisher;
    this.sessionId = sessionId;
    this.counters = counters;
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

  /** Whether the loop has ended. */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  @Override
  public void run() {
    SourceOptions options = new SourceOptions(spec.connectTimeoutMs(), spec.readTimeoutMs(), spec.maxWidth(),
        spec.maxHeight(), spec.targetFps(), spec.rtspTransport());
    counters.state(CameraStats.State.STARTING, null);
    try (FrameSource source = FrameSource.of(spec.sourceUrl(), options);
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
      LOG.info("camera {} {}: {} frames grabbed, {} sampled, {} published, {} failed, {} dropped so far",
          spec.id(), end.state(), end.grabbed(), end.sampled(), end.published(), end.failed(), end.dropped());
      done.countDown();
    }
  }

  /**
   * Opens the source: a live one until it answers or the loop is stopped, a file a few times.
   * Returns false if stopped first.
   */
  private boolean open(FrameSource source) throws CameraSourceException {
    while (true) {
      try {
        source.start();
        sampler = new FrameSampler(spec.targetFps(), source.frameRate());
        clock.opened(source.frameRate());
        counters.state(CameraStats.State.RUNNING, null);
        LOG.info("camera {} reading {} at {} fps (publishing {})", spec.id(), source.source(),
            source.frameRate(), sampler.keepsAll() ? "every frame" : spec.targetFps() + " fps");
        return true;
      } catch (CameraSourceException e) {
        if (!source.isLive() && backoff.attempts() + 1 >= FILE_OPEN_ATTEMPTS) {
          throw e;
        }
        if (!waitBeforeReconnect(e.getMessage())) {
          return false;
        }
      }
    }
  }

  private void capture(FrameSource source, JpegEncoder encoder) throws CameraSourceException {
    while (!stopped()) {
      org.bytedeco.javacv.Frame image;
      try {
        image = source.grab();
      } catch (CameraSourceException e) {
        if (!readFailed(source, e)) {
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
      grabbed();
      long pts = clock.timeline(source.ptsUs());
      if (!sampler.keep(pts) || !paced(source, pts)) {
        continue;
      }
      publish(encoder, image, pts);
      if (spec.maxFrames() > 0 && counters.sequence.get() >= spec.maxFrames()) {
        counters.state(CameraStats.State.FINISHED, null);
        return;
      }
    }
  }

  private void grabbed() {
    counters.grabbed();
    everGrabbed = true;
    readErrors = 0;
    // Only a frame proves the stream is back: one that opens and drops at once keeps backing off.
    backoff.reset();
  }

  /**
   * A read error costs a frame. A live source is reopened; a file goes on with its next frame
   * unless it has failed too often in a row. Returns whether to keep capturing.
   */
  private boolean readFailed(FrameSource source, CameraSourceException e) throws CameraSourceException {
    counters.dropped(e.getMessage());
    if (source.isLive()) {
      return reconnect(source, e.getMessage());
    }
    if (++readErrors >= FILE_READ_ERRORS) {
      throw new CameraSourceException(e.getMessage() + " (" + readErrors + " read errors in a row)", e);
    }
    return true;
  }

  private void publish(JpegEncoder encoder, org.bytedeco.javacv.Frame image, long pts) {
    // Stamped after pacing: a paced file stands in for a live camera, whose frame is "captured"
    // when it is released, not when the decoder happened to read it ahead of time.
    long captureUs = EpochMicros.now();
    long start = System.nanoTime();
    byte[] jpeg;
    try {
      // Encode before the next grab: JavaCV reuses the picture buffer.
      jpeg = encoder.encode(image);
    } catch (RuntimeException e) {
      counters.dropped("cannot encode frame: " + e.getMessage());
      return;
    }
    counters.sampled(jpeg.length, System.nanoTime() - start);
    Frame frame = Frame.newBuilder()
        .setCameraId(spec.id())
        .setSequence(counters.sequence.getAndIncrement())
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
    publisher.publish(frame, counters);
  }

  /** Sleeps until the frame is due when pacing a file; false if stopped while waiting. */
  private boolean paced(FrameSource source, long pts) {
    if (!spec.pace() || source.isLive()) {
      return true;
    }
    long wait = clock.waitNanos(pts);
    return wait <= 0 || !sleep(Duration.ofNanos(wait));
  }

  /**
   * At the end of a stream: reopens a live source (its end is a drop), replays a looping file,
   * or ends a file. Returns whether to keep capturing.
   */
  private boolean restartAtEnd(FrameSource source) throws CameraSourceException {
    if (source.isLive()) {
      counters.dropped(null);
      return reconnect(source, "stream ended");
    }
    if (!everGrabbed) {
      // Replaying a file without a single decodable frame would spin for ever.
      throw new CameraSourceException("no decodable video frame in " + source.source());
    }
    if (!spec.loop()) {
      counters.state(CameraStats.State.FINISHED, null);
      return false;
    }
    clock.replay();
    source.restart();
    LOG.debug("camera {} replaying {}", spec.id(), source.source());
    return true;
  }

  /** Reopens a live source that ended or failed; false if stopped before it came back. */
  private boolean reconnect(FrameSource source, String why) throws CameraSourceException {
    source.close();
    if (!waitBeforeReconnect(why)) {
      return false;
    }
    clock.reconnected();
    sampler.reset();
    return open(source);
  }

  /** Backs off before the next attempt to open the source; false if stopped meanwhile. */
  private boolean waitBeforeReconnect(String why) {
    counters.state(CameraStats.State.RECONNECTING, why);
    Duration wait = backoff.next();
    LOG.warn("camera {}: {}; reconnecting in {} ms", spec.id(), why, wait.toMillis());
    boolean stoppedMeanwhile = sleep(wait);
    if (!stoppedMeanwhile) {
      counters.reconnected();
    }
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
