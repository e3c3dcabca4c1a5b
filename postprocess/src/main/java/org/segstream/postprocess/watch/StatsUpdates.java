package org.segstream.postprocess.watch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.segstream.proto.v1.LatestFrame;
import org.segstream.proto.v1.SceneStats;
import org.segstream.proto.v1.WatchStatsResponse;

/**
 * Hands the topology's window updates and newest frames to live watchers in this JVM, and keeps
 * each camera's newest frame for GetLatest ({@link #latestFrames}). The topology calls it on its
 * stream threads, so delivery never blocks: each watcher queues what it is given and sends it on
 * its own schedule. Updates come as the topology produces them, before its transaction commits, so
 * after a failure a watcher may see an update again.
 */
public final class StatsUpdates {
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final LatestFrames latestFrames = new LatestFrames();

  /** Receives the updates of the cameras it asked for; must not block. */
  public interface Watcher {
    /** The cameras watched; empty for all. */
    List<String> cameras();

    void offer(WatchStatsResponse update);
  }

  public void subscribe(Watcher watcher) {
    watchers.add(watcher);
  }

  public void unsubscribe(Watcher watcher) {
    watchers.remove(watcher);
  }

  /** Each camera's newest frame as counted, for the cameras counted in this instance. */
  public LatestFrames latestFrames() {
    return latestFrames;
  }

  /** Watchers subscribed now. */
  public int watchers() {
    return watchers.size();
  }

  /** A window of a camera whose statistics changed. */
  public void window(SceneStats window) {
    publish(window.getCameraId(), WatchStatsResponse.newBuilder().setWindow(window).build());
  }

  /** A camera's newest counted frame. */
  public void latest(LatestFrame frame) {
    publish(frame.getCameraId(), WatchStatsResponse.newBuilder().setLatest(frame).build());
  }

  private void publish(String camera, WatchStatsResponse update) {
    for (Watcher w : watchers) {
      if (w.cameras().isEmpty() || w.cameras().contains(camera)) {
        w.offer(update);
      }
    }
  }
}
