package org.segstream.inference.loop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A lane's consumed records not yet published, per partition in offset order. Jobs settle in any
 * order on other threads; {@link #takeSettled} hands them back in offset order, stopping at each
 * partition's first unsettled job, so masks keep their camera's order. Lane thread only, but for
 * the jobs' settling.
 */
final class InFlight {
  private final Map<TopicPartition, ArrayDeque<Job>> byPartition = new HashMap<>();
  private int size;
  // Jobs held that have settled: counted up by the jobs as they settle, on any thread.
  private final AtomicInteger settled = new AtomicInteger();

  /** A job for {@code record}, held from now until it is taken settled or cancelled. */
  Job add(ConsumerRecord<String, byte[]> record) {
    Job job = new Job(record, settled::incrementAndGet);
    byPartition.computeIfAbsent(job.partition(), p -> new ArrayDeque<>()).add(job);
    size++;
    return job;
  }

  int size() {
    return size;
  }

  /**
   * Jobs held and not yet settled: the work still to do. The rest wait only for an earlier frame
   * of their partition (under {@code freshest}, mostly frames skipped behind one in the model).
   */
  int unsettled() {
    return Math.max(0, size - settled.get());
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Removes and returns the settled jobs with no unsettled job before them in their partition. */
  List<Job> takeSettled() {
    List<Job> ready = new ArrayList<>();
    for (ArrayDeque<Job> jobs : byPartition.values()) {
      while (!jobs.isEmpty() && jobs.peekFirst().settled()) {
        ready.add(jobs.pollFirst());
        size--;
        settled.decrementAndGet();
      }
    }
    return ready;
  }

  /** Whether any of {@code partitions} still has a job in flight. */
  boolean holdsAny(Collection<TopicPartition> partitions) {
    return partitions.stream().anyMatch(p -> byPartition.containsKey(p) && !byPartition.get(p).isEmpty());
  }

  /** Forgets the jobs of {@code partitions}; work still running for them is discarded. */
  void cancel(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      ArrayDeque<Job> jobs = byPartition.remove(p);
      if (jobs != null) {
        for (Job job : jobs) {
          if (job.cancel()) {
            settled.decrementAndGet();
          }
        }
        size -= jobs.size();
      }
    }
  }

  void cancelAll() {
    cancel(List.copyOf(byPartition.keySet()));
  }

  /** Drops emptied partitions, so the map does not grow with every partition ever held. */
  void compact() {
    for (Iterator<ArrayDeque<Job>> it = byPartition.values().iterator(); it.hasNext(); ) {
      if (it.next().isEmpty()) {
        it.remove();
      }
    }
  }
}
