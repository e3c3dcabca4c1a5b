package org.segstream.viewer.tiles;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.segstream.client.render.ImageBytes;
import org.segstream.client.render.MaskImage;
import org.segstream.client.render.OverlayRenderer;
import org.segstream.client.render.Palette;
import org.segstream.client.render.Pictures;
import org.segstream.client.subscribe.MaskEvent;
import org.segstream.client.subscribe.MaskSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the mask stream into one tile per camera: the newest mask of each camera in a poll is
 * drawn over its frame (older ones in the same poll are not even decoded).
 * A mask without its frame is shown as a colour mask, one that cannot be drawn keeps the last
 * picture; either way the tile says why.
 */
public final class TileRenderer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TileRenderer.class);

  private final MaskSubscription subscription;
  private final double alpha;
  private final int maxWidth;
  private final Consumer<Tile> onTile;
  private final Map<String, Tile> tiles = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  public TileRenderer(MaskSubscription subscription, double alpha, int maxWidth, Consumer<Tile> onTile) {
    this.subscription = subscription;
    this.alpha = alpha;
    this.maxWidth = maxWidth;
    this.onTile = onTile;
  }

  /** The latest tile of a camera, if it has published a mask. */
  public Optional<Tile> tile(String camera) {
    return Optional.ofNullable(tiles.get(camera));
  }

  public java.util.Set<String> cameras() {
    return java.util.Set.copyOf(tiles.keySet());
  }

  @Override
  public void run() {
    try {
      while (running) {
        subscription.pollNewestPerCamera(Duration.ofMillis(200)).forEach(this::show);
      }
    } catch (org.apache.kafka.common.errors.WakeupException | org.apache.kafka.common.errors.InterruptException e) {
      // Closing.
    } finally {
      subscription.close();
    }
  }

  public void stop() {
    running = false;
  }

  /** Renders one mask into its camera's tile; any failure becomes the tile's notice. */
  void show(MaskEvent event) {
    Tile previous = tiles.get(event.cameraId());
    String notice = event.problem().orElse(null);
    byte[] jpeg = previous == null ? null : previous.jpeg();
    int width = previous == null ? 0 : previous.width();
    int height = previous == null ? 0 : previous.height();
    try {
      if (event.image().isPresent() && event.image().get().labelSet().isPresent()) {
        BufferedImage picture = picture(event, event.image().get());
        jpeg = ImageBytes.jpeg(picture, 0.85f);
        width = picture.getWidth();
        height = picture.getHeight();
      }
    } catch (RuntimeException e) {
      LOG.debug("tile of {} not drawn", event.cameraId(), e);
      notice = "mask " + event.cameraId() + "#" + event.sequence() + " could not be drawn: " + e.getMessage();
    }
    Tile tile = new Tile(event.cameraId(), event.sequence(), event.mask().getProjection().name(), width, height, jpeg,
        notice, event.publishedMs(), System.currentTimeMillis(), event.mask().getLabelSet());
    tiles.put(tile.camera(), tile);
    onTile.accept(tile);
  }

  private BufferedImage picture(MaskEvent event, MaskImage mask) {
    OverlayRenderer renderer = new OverlayRenderer(Palette.of(mask.requireLabelSet()), alpha);
    return Pictures.of(renderer, event.mask(), mask, event.frame().orElse(null), maxWidth);
  }
}
