package org.segstream.ingest.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.segstream.ingest.CameraSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a fleet file and hands every valid new version to the fleet. It polls the file's content
 * hash rather than using file-system events: a Kubernetes ConfigMap volume replaces the file by
 * swapping a symlink to a new directory, which inotify-style watches on the file miss, while
 * reading through the path always sees the current version. An invalid version is logged once
 * with its error and the running fleet is kept.
 */
public final class FleetWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetWatcher.class);

  private final Path path;
  private final Duration interval;
  private final Consumer<List<CameraSpec>> apply;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "segstream-fleet-watcher");
    t.setDaemon(true);
    return t;
  });
  /** Hash of the last content seen (applied or rejected), so each version is handled once. */
  private byte[] lastHash;
  private boolean missingLogged;

  /**
   * @param apply called with each valid new version, on the watcher's thread; the first poll
   *     hands over the file as it is then (for a fleet started from it, a change of nothing)
   */
  public FleetWatcher(Path path, Duration interval, Consumer<List<CameraSpec>> apply) {
    this.path = path;
    this.interval = interval;
    this.apply = apply;
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks the file once; public for tests that want a change applied without waiting. */
  public synchronized void poll() {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
      missingLogged = false;
    } catch (IOException e) {
      // During a ConfigMap swap the file can vanish for an instant: keep the fleet, try again.
      if (!missingLogged) {
        LOG.warn("fleet file {} cannot be read ({}); keeping the running fleet", path, e.toString());
        missingLogged = true;
      }
      return;
    }
    byte[] hash = hash(content);
    if (Arrays.equals(hash, lastHash)) {
      return;
    }
    boolean first = lastHash == null;
    lastHash = hash;
    List<CameraSpec> cameras;
    try {
      cameras = FleetFile.parse(content, path);
    } catch (IllegalArgumentException e) {
      LOG.error("fleet file changed but is invalid, keeping the running fleet: {}", e.getMessage());
      return;
    }
    if (first) {
      // The fleet already runs this file's cameras (or its edit since start): apply is a no-op or that edit.
      LOG.info("watching fleet file {} ({} camera(s))", path, cameras.size());
    } else {
      LOG.info("fleet file {} changed: {} camera(s)", path, cameras.size());
    }
    try {
      apply.accept(cameras);
    } catch (RuntimeException e) {
      // The watcher must survive a failed apply, or later edits would never be seen.
      LOG.error("applying the changed fleet file {} failed", path, e);
    }
  }

  private static byte[] hash(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
