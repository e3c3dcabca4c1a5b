package org.segstream.viewer;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.segstream.client.SubscriptionConfig;
import org.segstream.client.SubscriptionConfig.StartAt;
import org.segstream.client.stats.StatsClient;
import org.segstream.client.subscribe.MaskSubscription;
import org.segstream.proto.LabelSets;
import org.segstream.viewer.stats.StatsPoller;
import org.segstream.viewer.tiles.Tile;
import org.segstream.viewer.tiles.TileRenderer;
import org.segstream.viewer.web.EventStream;
import org.segstream.viewer.web.WebServer;
import org.segstream.viewer.web.WebServer.Picture;

/**
 * The live page: tiles from the mask stream (each camera's newest mask over its frame), camera
 * health and class-area charts from the postprocessor, pushed to every open page as server-sent
 * events.
 */
public final class Viewer implements AutoCloseable {
  private final ViewerConfig config;
  private final EventStream events;
  private volatile TileRenderer tiles;
  private final Thread tileThread;
  private final WebServer web;
  private final ScheduledExecutorService timers;
  private final ManagedChannel channel;

  private Viewer(ViewerConfig config, Function<String, ManagedChannel> channels) throws IOException {
    this.config = config;
    this.events = new EventStream(this::hello);
    // A bad gRPC setting (TLS files) and a taken port fail before anything is started.
    this.channel = config.grpcTarget().isEmpty() ? null : channels.apply(config.grpcTarget());
    try {
      this.web = new WebServer(config.host(), config.port(), events, this::picture);
    } catch (IOException | RuntimeException e) {
      closeChannel(channel);
      throw e;
    }
    try {
      // The newest mask of each camera first, so the page has pictures at once.
      MaskSubscription subscription = MaskSubscription.open(
          SubscriptionConfig.of(config.bootstrapServers(), config.cameras()).withStart(new StartAt.Last(1))
              .withFrames(true).withFrameBuffer(32, Duration.ofSeconds(2)));
      this.tiles = new TileRenderer(subscription, config.alpha(), config.maxTileWidth(),
          tile -> events.publish("tile", tile.camera(), tile.event()));
    } catch (RuntimeException e) {
      web.close();
      closeChannel(channel);
      throw e;
    }
    this.tileThread = new Thread(tiles, "segstream-view-tiles");
    tileThread.setDaemon(true);
    tileThread.start();
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "segstream-view-poll");
      t.setDaemon(true);
      return t;
    });
    timers.scheduleWithFixedDelay(events::ping, 10, 10, TimeUnit.SECONDS);
    if (channel != null) {
      StatsPoller poller = new StatsPoller(new StatsClient(channel, Duration.ofSeconds(2), config.grpcToken()), events,
          this::shownCameras, config.windowSeconds(), config.windows());
      timers.scheduleWithFixedDelay(poller, 0, 1, TimeUnit.SECONDS);
    }
  }

  private static void closeChannel(ManagedChannel channel) {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  /** Starts the page, talking plaintext gRPC to the postprocessor; it serves until {@link #close}. */
  public static Viewer start(ViewerConfig config) throws IOException {
    return start(config, target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build());
  }

  /** Starts the page with the postprocessor's channel made by {@code channels} (e.g. with TLS). */
  public static Viewer start(ViewerConfig config, Function<String, ManagedChannel> channels) throws IOException {
    return new Viewer(config, channels);
  }

  /** The page's address. */
  public String url() {
    return "http://" + config.host() + ":" + web.port() + "/";
  }

  public int port() {
    return web.port();
  }

  private Set<String> shownCameras() {
    return config.cameras().isEmpty() ? tiles == null ? Set.of() : tiles.cameras() : config.cameras();
  }

  private Picture picture(String camera) {
    Optional<Tile> tile = tiles == null ? Optional.empty() : tiles.tile(camera);
    if (tile.isPresent() && tile.get().jpeg() != null) {
      return new Picture(Optional.of(tile.get().jpeg()), "");
    }
    return new Picture(Optional.empty(), tile.isPresent() ? "camera " + camera + " has no picture yet"
        : "unknown camera " + camera + " (cameras with masks: " + String.join(", ", shownCameras()) + ")");
  }

  /** What a page learns first: which cameras it asked for, the label sets' names and colours, the chart window. */
  private Map<String, Object> hello() {
    Map<String, Object> labelSets = new LinkedHashMap<>();
    for (String id : LabelSets.ids()) {
      LabelSets.LabelSet set = LabelSets.byId(id).orElseThrow();
      labelSets.put(id, Map.of("classes", set.classes(), "palette", set.palette()));
    }
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("cameras", List.copyOf(config.cameras()));
    hello.put("stats", !config.grpcTarget().isEmpty());
    hello.put("windowSeconds", config.windowSeconds());
    hello.put("labelSets", labelSets);
    return hello;
  }

  @Override
  public void close() {
    tiles.stop();
    timers.shutdownNow();
    web.close();
    events.closeAll();
    try {
      tileThread.join(5000);
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
