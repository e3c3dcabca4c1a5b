package org.segstream.postprocess.query;

import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a camera's state lives: on this instance, or on another one's advertised gRPC address.
 *
 * @param owner the instance holding the camera's partition, or null when that is this instance
 */
public record Placement(HostInfo owner) {
  private static final Placement LOCAL = new Placement(null);

  public static Placement local() {
    return LOCAL;
  }

  public boolean isLocal() {
    return owner == null;
  }
}
