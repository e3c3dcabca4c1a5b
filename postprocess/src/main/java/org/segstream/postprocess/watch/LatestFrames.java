package org.segstream.postprocess.watch;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import org.segstream.proto.v1.LatestFrame;

/**
 * The newest counted frame of each camera counted in this instance. The counter writes it on its
 * stream threads as it counts each frame, and GetLatest reads it on the transport thread with no
 * store lookup, lock or decode: a store read goes through Kafka Streams' per-call store lookup
 * and the cache's lock, which a stream thread holds while a commit flushes (README: GetLatest).
 * As fresh as the cached store (a frame is here once counted, before its transaction commits); a
 * task leaving this instance, or failing, takes its cameras out before another instance or a
 * revived task counts them again.
 */
public final class LatestFrames {
  private final ConcurrentHashMap<String, LatestFrame> frames = new ConcurrentHashMap<>();

  /** The camera's newest frame now. */
  public void put(String camera, LatestFrame frame) {
    frames.put(camera, frame);
  }

  /** The camera's newest frame; null for one not counted in this instance now. */
  public LatestFrame get(String camera) {
    return frames.get(camera);
  }

  /** Forgets cameras whose task left this instance. */
  public void removeAll(Collection<String> cameras) {
    cameras.forEach(frames::remove);
  }
}
