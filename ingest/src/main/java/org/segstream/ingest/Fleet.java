package org.segstream.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segstream.ingest.publish.FramePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras running in an ingest session and the diff that changes them. A camera's counters
 * (and so its frame sequence) live for the whole session, so a camera restarted with new settings,
 * or removed and added back, never reuses a sequence number. Thread-safe: the fleet watcher
 * applies changes while others read stats or wait for the loops.
 */
final class Fleet {
  private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
  /** How long a changed camera's new loop waits for the old one to let go of the source. */
  private static final Duration HANDOVER = Duration.ofSeconds(30);

  /** What an {@link #apply} changed, by camera id. */
  record Change(List<String> added, List<String> removed, List<String> changed) {
    boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  /** A camera of the fleet: its spec, and its loop unless it is disabled. */
  private record Member(CameraSpec spec, CameraCounters counters, CameraMeters meters, CameraIngest loop) {}

  private final FramePublisher publisher;
  private final CameraStatusReporter status;
  private final MeterRegistry registry;
  private final String sessionId;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, CameraCounters> session = new HashMap<>();
  /** Loops of removed or replaced cameras that may still be winding down. */
  private final List<CameraIngest> retiring = new ArrayList<>();

  Fleet(FramePublisher publisher, CameraStatusReporter status, MeterRegistry registry, String sessionId) {
    this.publisher = publisher;
    this.status = status;
    this.registry = registry;
    this.sessionId = sessionId;
  }

  synchronized Change apply(List<CameraSpec> cameras) {
    Map<String, CameraSpec> wanted = new LinkedHashMap<>();
    cameras.forEach(spec -> wanted.put(spec.id(), spec));
    List<String> removed = new ArrayList<>();
    for (String id : List.copyOf(members.keySet())) {
      if (!wanted.containsKey(id)) {
        remove(id);
        removed.add(id);
      }
    }
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (CameraSpec spec : wanted.values()) {
      Member before = members.get(spec.id());
      if (before == null) {
        add(spec, null);
        added.add(spec.id());
      } else if (!before.spec().equals(spec)) {
        add(spec, before);
        changed.add(spec.id());
      }
    }
    retiring.removeIf(CameraIngest::isDone);
    return new Change(added, removed, changed);
  }

  private void add(CameraSpec spec, Member before) {
    CameraCounters counters = session.computeIfAbsent(spec.id(), CameraCounters::new);
    CameraMeters meters = before != null ? before.meters() : CameraMeters.register(registry, counters);
    CameraIngest old = before == null ? null : before.loop();
    if (old != null) {
      old.stop();
      retiring.add(old);
    }
    CameraIngest loop = spec.enabled() ? new CameraIngest(spec, publisher, sessionId, counters) : null;
    members.put(spec.id(), new Member(spec, counters, meters, loop));
    if (loop == null && old == null) {
      counters.state(CameraStats.State.STOPPED, null);
    }
    status.track(spec, counters);
    if (loop == null) {
      return;
    }
    Thread thread = new Thread(() -> runAfter(old, loop), "segstream-ingest-" + spec.id());
    thread.setUncaughtExceptionHandler((t, e) -> LOG.error("capture thread {} died unexpectedly", t.getName(), e));
    thread.start();
  }

  /** Runs {@code loop} once {@code old} (the same camera's previous loop) has released the source. */
  private static void runAfter(CameraIngest old, CameraIngest loop) {
    try {
      if (old != null && !old.await(HANDOVER)) {
        LOG.warn("camera {}: previous loop still running after {}; starting the new one anyway",
            loop.spec().id(), HANDOVER);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.stop();
    }
    loop.run();
  }

  private void remove(String id) {
    Member member = members.remove(id);
    status.untrack(id);
    member.meters().remove();
    if (member.loop() != null) {
      member.loop().stop();
      retiring.add(member.loop());
    }
  }

  synchronized int size() {
    return members.size();
  }

  synchronized void stopAll() {
    members.values().stream().filter(m -> m.loop() != null).forEach(m -> m.loop().stop());
    retiring.forEach(CameraIngest::stop);
  }

  /** Waits for every current and retiring loop to end; false if {@code timeout} passed first. */
  boolean awaitLoops(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CameraIngest> loops;
    synchronized (this) {
      loops = new ArrayList<>(retiring);
      members.values().stream().filter(m -> m.loop() != null).forEach(m -> loops.add(m.loop()));
    }
    for (CameraIngest loop : loops) {
      if (!loop.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  /** Each current camera's counters and state, in fleet order. */
  synchronized Map<String, CameraStats> stats() {
    Map<String, CameraStats> stats = new LinkedHashMap<>();
    members.forEach((id, m) -> stats.put(id, m.counters().snapshot()));
    return stats;
  }
}
