package org.segstream.postprocess.query;

import java.time.Duration;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.segstream.postprocess.topology.WindowAggregate;
import org.segstream.proto.v1.LatestFrame;

/**
 * Read access to the topology's state stores. {@link KafkaStreamsStores} serves them from a running
 * {@code KafkaStreams}; tests serve the same stores from a {@code TopologyTestDriver}. Either may
 * throw {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while stores move.
 */
public interface StatsStores {

  /** Each camera's newest frame (store {@code StatsTopology.LATEST_STORE}). */
  ReadOnlyKeyValueStore<String, LatestFrame> latestFrames();

  /** The window aggregates of one configured window size. */
  ReadOnlyWindowStore<String, WindowAggregate> windows(Duration windowSize);
}
