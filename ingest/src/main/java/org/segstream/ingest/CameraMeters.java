package org.segstream.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A camera's Prometheus meters, tagged {@code camera}. They read the camera's
 * {@link CameraCounters} rather than counting themselves, so the counters stay the one record and
 * a camera removed from the fleet and added again continues its series instead of restarting it.
 * Exported as {@code segstream_ingest_frames_published_total}, {@code ..._bytes_total},
 * {@code ..._encode_seconds_count/_sum}, {@code ..._reconnects_total}, {@code ..._frames_dropped_total},
 * {@code ..._camera_state} (the {@code CameraState} number).
 */
final class CameraMeters {
  private static final String PREFIX = "segstream.ingest.";

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  private CameraMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters of {@code c}; {@link #remove()} takes them out of the registry again. */
  static CameraMeters register(MeterRegistry registry, CameraCounters c) {
    CameraMeters m = new CameraMeters(registry);
    String id = c.cameraId();
    m.counter("frames.grabbed", "Frames read from the source", c.grabbed, id);
    m.counter("frames.published", "Frames the broker acknowledged (rate = frames/s)", c.published, id);
    m.counter("frames.dropped", "Frames lost before publishing: null grabs, read and encode errors", c.dropped, id);
    m.counter("publish.failures", "Frames the producer could not publish", c.failed, id);
    m.counter("bytes", "JPEG bytes handed to the producer", c.bytes, id);
    m.counter("reconnects", "Attempts to reopen a source that dropped or failed", c.reconnects, id);
    m.meters.add(FunctionTimer.builder(PREFIX + "encode", c, x -> x.encoded.get(), x -> x.encodeNanos.get(),
        TimeUnit.NANOSECONDS).description("JPEG encoding of a frame").tag("camera", id).register(registry));
    m.meters.add(Gauge.builder(PREFIX + "camera.state", c, x -> CameraStatusReporter.state(x.state()).getNumber())
        .description("CameraState: 1 connecting, 2 online, 3 reconnecting, 4 failed, 5 stopped")
        .tag("camera", id).register(registry));
    return m;
  }

  private void counter(String name, String description, AtomicLong value, String camera) {
    meters.add(FunctionCounter.builder(PREFIX + name, value, AtomicLong::get).description(description)
        .tag("camera", camera).register(registry));
  }

  void remove() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
