package org.segstream.postprocess.query;

import java.time.Duration;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.segstream.postprocess.topology.CameraWindows;
import org.segstream.postprocess.topology.WindowAggregate;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;

/**
 * Read access to the topology's state stores. {@link KafkaStreamsStores} serves them from a running
 * {@code KafkaStreams}; tests serve the same stores from a {@code TopologyTestDriver}. Either may
 * throw {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while stores move.
 */
public interface StatsStores {

  /**
   * Ingest's camera reports by camera id (global store {@code StatsTopology.CAMERAS_STORE}): every
   * instance holds all of them, so any instance lists the whole fleet's health.
   */
  ReadOnlyKeyValueStore<String, CameraStatus> cameraStatuses();

  /** Which instance holds a camera's state; always this one for a single instance. */
  default Placement placement(String cameraId) {
    return Placement.local();
  }

  /** The advertised gRPC addresses of the other instances of this application. */
  default java.util.List<org.apache.kafka.streams.state.HostInfo> otherInstances() {
    return java.util.List.of();
  }

  /** The window aggregates of one configured window size that have left the cameras' state. */
  ReadOnlyWindowStore<String, WindowAggregate> windows(Duration windowSize);

  /** Each camera's newest frame and open windows (store {@code StatsTopology.CAMERA_STATE_STORE}). */
  ReadOnlyKeyValueStore<String, CameraWindows> cameraWindows();
}
