package org.segstream.postprocess.topology;

import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Records the calling thread's CPU time over one in {@code every} timed stretches, chosen at
 * random. Wall time on a busy host counts the time a thread waits for a core, so it overstates
 * what a step costs; reading the thread's CPU clock takes a system call (~1.4 µs here), too dear
 * for every mask, so only a sample of them pays it. At random, not every n-th: cameras sending in
 * turn would have a fixed stride sample the same cameras' masks only. Not thread-safe: one per
 * stream-thread task, as processors are.
 */
final class SampledCpuTimer {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();
  // What two clock reads around nothing measure (half of each read's system call), taken off each sample.
  private static final long READS_NS = SUPPORTED ? emptyStretchNs() : 0;

  private final Timer timer;
  private final int every;
  private long start = -1;

  SampledCpuTimer(Timer timer, int every) {
    this.timer = timer;
    this.every = every;
  }

  /** Starts a stretch; it is timed if it is drawn and the JVM has a thread CPU clock. */
  void begin() {
    start = SUPPORTED && ThreadLocalRandom.current().nextInt(every) == 0 ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /** Ends the stretch {@link #begin} started, recording it if it was timed. */
  void end() {
    if (start >= 0) {
      timer.record(Math.max(0, THREADS.getCurrentThreadCpuTime() - start - READS_NS), TimeUnit.NANOSECONDS);
      start = -1;
    }
  }

  private static long emptyStretchNs() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 16; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      least = Math.min(least, THREADS.getCurrentThreadCpuTime() - start);
    }
    return least;
  }
}
