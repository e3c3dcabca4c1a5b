package org.segstream.postprocess.query;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.postprocess.topology.WindowAggregate;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;

/**
 * The stores of this instance's {@link KafkaStreams}, through interactive queries. Only keys of
 * partitions assigned here are visible: with several instances, a camera owned by another one
 * looks unknown (forwarding to the owner is not built yet).
 */
public final class KafkaStreamsStores implements StatsStores {
  private final KafkaStreams streams;

  public KafkaStreamsStores(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public ReadOnlyKeyValueStore<String, LatestFrame> latestFrames() {
    return streams.store(StoreQueryParameters.fromNameAndType(
        StatsTopology.LATEST_STORE, QueryableStoreTypes.<String, LatestFrame>keyValueStore()));
  }

  @Override
  public ReadOnlyKeyValueStore<String, CameraStatus> cameraStatuses() {
    return streams.store(StoreQueryParameters.fromNameAndType(
        StatsTopology.CAMERAS_STORE, QueryableStoreTypes.<String, CameraStatus>keyValueStore()));
  }

  @Override
  public ReadOnlyWindowStore<String, WindowAggregate> windows(Duration windowSize) {
    return streams.store(StoreQueryParameters.fromNameAndType(
        StatsTopology.windowStoreName(windowSize), QueryableStoreTypes.<String, WindowAggregate>windowStore()));
  }
}
