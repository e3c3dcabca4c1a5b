package org.segstream.postprocess.query;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.segstream.postprocess.topology.CameraWindows;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.postprocess.topology.WindowAggregate;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.LatestFrame;

/**
 * The stores of this instance's {@link KafkaStreams}, through interactive queries. Only keys of
 * partitions assigned here are visible; {@link #placement} says which instance holds a camera
 * (from Kafka Streams' metadata of the advertised {@code application.server} addresses), so the
 * gRPC layer can forward the query there.
 */
public final class KafkaStreamsStores implements StatsStores {
  private final KafkaStreams streams;
  private final HostInfo self;

  /** Stores of a single instance: every camera is taken to be here. */
  public KafkaStreamsStores(KafkaStreams streams) {
    this(streams, null);
  }

  /** Stores of one of several instances, this one advertised at {@code self}. */
  public KafkaStreamsStores(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public Placement placement(String cameraId) {
    if (self == null) {
      return Placement.local();
    }
    KeyQueryMetadata metadata = streams.queryMetadataForKey(StatsTopology.CAMERA_STATE_STORE, cameraId,
        Serdes.String().serializer());
    if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw new StoresUnavailableException("no instance holds camera " + cameraId + " right now (rebalancing)", null);
    }
    return metadata.activeHost().equals(self) ? Placement.local() : new Placement(metadata.activeHost());
  }

  @Override
  public List<HostInfo> otherInstances() {
    if (self == null) {
      return List.of();
    }
    return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
        .filter(host -> !host.equals(self)).distinct().toList();
  }

  @Override
  public ReadOnlyKeyValueStore<String, CameraStatus> cameraStatuses() {
    return streams.store(StoreQueryParameters.fromNameAndType(
        StatsTopology.CAMERAS_STORE, QueryableStoreTypes.<String, CameraStatus>keyValueStore()));
  }

  @Override
  public ReadOnlyKeyValueStore<String, CameraWindows> cameraWindows() {
    return streams.store(StoreQueryParameters.fromNameAndType(
        StatsTopology.CAMERA_STATE_STORE, QueryableStoreTypes.<String, CameraWindows>keyValueStore()));
  }

  @Override
  public ReadOnlyWindowStore<String, WindowAggregate> windows(Duration windowSize) {
    return streams.store(StoreQueryParameters.fromNameAndType(
        StatsTopology.windowStoreName(windowSize), QueryableStoreTypes.<String, WindowAggregate>windowStore()));
  }
}
