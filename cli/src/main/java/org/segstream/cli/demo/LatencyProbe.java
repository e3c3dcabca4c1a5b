package org.segstream.cli.demo;

import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.segstream.client.stats.StatsClient;
import org.segstream.proto.EpochMicros;
import org.segstream.proto.v1.LatestFrame;

/**
 * Measures end-to-end latency the way a user sees it: from a frame's capture time to the moment
 * its statistics are answered over gRPC. Polls GetLatest for each camera every {@code periodMs};
 * the polling period bounds the measurement's upward error.
 */
final class LatencyProbe implements Runnable {
  private final StatsClient client;
  private final Supplier<List<String>> cameras;
  private final long periodMs;
  private final Histogram latencyUs = new Histogram(60_000_000L, 3);
  private final Map<String, Long> lastSequence = new HashMap<>();
  private volatile boolean running = true;

  LatencyProbe(StatsClient client, Supplier<List<String>> cameras, long periodMs) {
    this.client = client;
    this.cameras = cameras;
    this.periodMs = periodMs;
  }

  @Override
  public void run() {
    while (running) {
      for (String camera : cameras.get()) {
        poll(camera);
      }
      try {
        Thread.sleep(periodMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void poll(String camera) {
    try {
      LatestFrame latest = client.latest(camera);
      Long seen = lastSequence.put(camera, latest.getSequence());
      if (seen != null && seen != latest.getSequence()) {
        long nowUs = EpochMicros.now();
        synchronized (latencyUs) {
          latencyUs.recordValue(Math.max(0, Math.min(nowUs - latest.getCaptureTimeUs(), latencyUs.getHighestTrackableValue())));
        }
      }
    } catch (StatusRuntimeException e) {
      // NOT_FOUND until the camera's first frame is counted; UNAVAILABLE during start-up.
    }
  }

  void stop() {
    running = false;
  }

  /** A copy of the latencies recorded so far, microseconds. */
  Histogram snapshot() {
    synchronized (latencyUs) {
      return latencyUs.copy();
    }
  }
}
