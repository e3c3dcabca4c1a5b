package org.segstream.postprocess.topology;

import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.segstream.proto.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each masks-topic record ({@link MaskChecks}) and stamps the rejected ones with the
 * dead-letter headers. It also rejects frames too late for every window, which {@link WindowCounter}
 * would skip silently: DESIGN promises every frame is counted or dead-lettered.
 */
final class MaskCheckProcessor implements FixedKeyProcessor<String, byte[], CheckedMask> {
  private static final Logger LOG = LoggerFactory.getLogger(MaskCheckProcessor.class);

  private final List<Long> windowSizesMs;
  private final long graceMs;
  private final int sectors;
  private final Timer checks;
  private final SampledCpuTimer checkCpu;
  private FixedKeyProcessorContext<String, CheckedMask> context;
  /** The newest event time counted by this task, as {@link WindowCounter} tracks its own. */
  private long observedStreamTimeMs = Long.MIN_VALUE;

  MaskCheckProcessor(List<Duration> windowSizes, Duration grace, int sectors, Timer checks, Timer checkCpu) {
    this.windowSizesMs = windowSizes.stream().map(Duration::toMillis).toList();
    this.graceMs = grace.toMillis();
    this.sectors = sectors;
    this.checks = checks;
    this.checkCpu = new SampledCpuTimer(checkCpu, StatsTopology.CHECK_CPU_SAMPLE);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, CheckedMask> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    checkCpu.begin();
    long start = System.nanoTime();
    CheckedMask checked = MaskChecks.check(record.key(), record.value(), sectors);
    checks.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    checkCpu.end();
    if (checked instanceof FrameStats frame
        && MaskTimestampExtractor.capturedTooFarAhead(frame.timestampMs(), record.timestamp())) {
      // The extractor kept the record's own timestamp as its event time: the only way the two differ.
      checked = new RejectedMask("capture_time_us " + frame.captureTimeUs() + " is " + (frame.timestampMs()
          - record.timestamp()) / 1000 + " s after the mask was published (more than "
          + MaskTimestampExtractor.MAX_CAPTURE_AHEAD_MS / 60_000 + " min): is the capturing host's clock ahead?",
          record.value());
    }
    if (checked instanceof FrameStats frame) {
      observedStreamTimeMs = Math.max(observedStreamTimeMs, frame.timestampMs());
      if (closedForEveryWindow(frame.timestampMs())) {
        checked = new RejectedMask("frame captured at " + frame.captureTimeUs() + " us arrived after every "
            + "window containing it closed (grace " + graceMs + " ms)", record.value());
      }
    }
    if (checked instanceof RejectedMask rejected) {
      LOG.debug("dead-lettering a mask of camera {}: {}", record.key(), rejected.reason());
      context.forward(record.withValue(checked).withHeaders(deadLetterHeaders(record.headers(), rejected.reason())));
    } else {
      context.forward(record.withValue(checked));
    }
  }

  /** Mirrors {@link WindowCounter}'s rule: a window closes once stream time passes end + grace. */
  private boolean closedForEveryWindow(long timestampMs) {
    for (long size : windowSizesMs) {
      long windowEnd = timestampMs - Math.floorMod(timestampMs, size) + size;
      if (windowEnd + graceMs > observedStreamTimeMs) {
        return false;
      }
    }
    return true;
  }

  private Headers deadLetterHeaders(Headers original, String reason) {
    Headers headers = new RecordHeaders(original.toArray());
    headers.add(Topics.HEADER_DLQ_REASON, utf8(reason));
    RecordMetadata source = context.recordMetadata().orElse(null);
    if (source != null) {
      headers.add(Topics.HEADER_DLQ_TOPIC, utf8(source.topic()));
      headers.add(Topics.HEADER_DLQ_PARTITION, utf8(Integer.toString(source.partition())));
      headers.add(Topics.HEADER_DLQ_OFFSET, utf8(Long.toString(source.offset())));
    }
    return headers;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
