package org.segstream.viewer;

import java.util.Set;

/**
 * The live page's settings.
 *
 * @param host address the page is served on (127.0.0.1 unless it must be reachable from elsewhere)
 * @param port HTTP port, 0 for a free one
 * @param bootstrapServers Kafka, for masks and frames
 * @param grpcTarget the postprocessor's SceneStats service (host:port), or blank for no health or charts
 * @param grpcToken bearer token for the SceneStats service, or blank
 * @param cameras cameras shown; empty shows every camera that publishes masks
 * @param alpha opacity of the mask over its frame
 * @param maxTileWidth tiles wider than this are scaled down before they are sent
 * @param windowSeconds window size of the charts; 0 for the smallest the postprocessor aggregates
 * @param windows windows per chart
 */
public record ViewerConfig(String host, int port, String bootstrapServers, String grpcTarget, String grpcToken,
    Set<String> cameras, double alpha, int maxTileWidth, int windowSeconds, int windows) {

  public ViewerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be set");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within 0..65535, was " + port);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must be set");
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be within 0..1, was " + alpha);
    }
    if (maxTileWidth < 16 || windowSeconds < 0 || windows < 1) {
      throw new IllegalArgumentException(
          "maxTileWidth must be at least 16, windowSeconds at least 0, windows at least 1");
    }
    cameras = Set.copyOf(cameras);
    grpcTarget = grpcTarget == null ? "" : grpcTarget.trim();
    grpcToken = grpcToken == null ? "" : grpcToken.trim();
  }

  /** Defaults for a page on 127.0.0.1: every camera, the last 30 of the smallest windows. */
  public static ViewerConfig local(int port, String bootstrapServers, String grpcTarget) {
    return new ViewerConfig("127.0.0.1", port, bootstrapServers, grpcTarget, "", Set.of(), 0.5, 960, 0, 30);
  }
}
