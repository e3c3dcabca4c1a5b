package org.segstream.cli.bench;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.segstream.postprocess.PostprocessConfig;
import org.segstream.postprocess.analysis.FrameGeometry;
import org.segstream.postprocess.topology.StatsTopology;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.MaskMaps;
import org.segstream.proto.v1.Mask;

/**
 * Masks per second through the postprocessor's topology on one thread (Kafka Streams'
 * TopologyTestDriver: the real processors, state stores and serdes, no broker), against parsing
 * the same masks and counting their classes from the RLE data alone, and against parsing and
 * measuring them (blobs and class pixels from one walk over the runs, what the topology does per
 * mask before any state): the ceiling of the topology on this machine.
 */
final class TopologyThroughput {
  private TopologyThroughput() {}

  record Result(double topology, double parseOnly, double measureOnly) {}

  static Result measure(List<byte[]> records, List<String> keys, Path stateDir) {
    PostprocessConfig config = PostprocessConfig.defaults("127.0.0.1:9").withStateDir(stateDir);
    try (TopologyTestDriver driver = new TopologyTestDriver(StatsTopology.build(config), config.streamsProperties())) {
      TestInputTopic<String, byte[]> masks = driver.createInputTopic(config.masksTopic(), new StringSerializer(),
          new ByteArraySerializer());
      // Only masks the driver has not seen are timed: replayed ones would be older than its
      // windows' grace and skip the aggregations.
      int warmup = Math.min(records.size() / 4, 2000);
      for (int i = 0; i < warmup; i++) {
        masks.pipeInput(keys.get(i), records.get(i));
        driver.advanceWallClockTime(config.commitInterval());
      }
      parseOnly(records.subList(0, warmup));
      double parse = parseOnly(records);
      measureOnly(records.subList(0, warmup));
      double measure = measureOnly(records);
      long start = System.nanoTime();
      for (int i = warmup; i < records.size(); i++) {
        masks.pipeInput(keys.get(i), records.get(i));
        // A commit interval per mask, as for a camera sending one frame per interval: every mask
        // is published, its windows written and its camera's state flushed.
        driver.advanceWallClockTime(config.commitInterval());
      }
      double topology = (records.size() - warmup) / ((System.nanoTime() - start) / 1e9);
      return new Result(topology, parse, measure);
    }
  }

  private static double measureOnly(List<byte[]> records) {
    int sectors = PostprocessConfig.defaults("127.0.0.1:9").sectors();
    long start = System.nanoTime();
    long sink = 0;
    try {
      for (byte[] record : records) {
        // Parsed as the topology does: the mask's data aliases the record's bytes.
        sink += FrameGeometry.measure(MaskMaps.parseAliasing(record), sectors).pixels().length;
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("the bench's own masks must parse", e);
    }
    if (sink < 0) {
      throw new IllegalStateException("negative class count");
    }
    return records.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static double parseOnly(List<byte[]> records) {
    long start = System.nanoTime();
    long sink = 0;
    try {
      for (byte[] record : records) {
        Mask mask = Mask.parseFrom(record);
        sink += MaskCodec.classCounts(mask.getData().toByteArray(), mask.getWidth(), mask.getHeight())[0];
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("the bench's own masks must parse", e);
    }
    if (sink < 0) {
      throw new IllegalStateException("negative pixel count");
    }
    return records.size() / ((System.nanoTime() - start) / 1e9);
  }
}
