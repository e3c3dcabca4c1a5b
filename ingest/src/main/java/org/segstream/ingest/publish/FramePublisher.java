package org.segstream.ingest.publish;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.segstream.proto.Serdes;
import org.segstream.proto.v1.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link Frame}s to the frames topic, keyed by camera id so each camera's frames stay
 * in order on one partition. Owns its producer; one per process, shared by all camera threads
 * (KafkaProducer is thread-safe and batches better shared). Sends are asynchronous; failures
 * are counted and logged, and reported to the caller's {@link PublishListener}.
 */
public final class FramePublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FramePublisher.class);

  private final Producer<String, Frame> producer;
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** Takes ownership of {@code producer}: it is flushed and closed with this publisher. */
  public FramePublisher(Producer<String, Frame> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** A publisher with a new {@link KafkaProducer} built from {@code producerProperties}. */
  public static FramePublisher create(Properties producerProperties, String topic) {
    return new FramePublisher(
        new KafkaProducer<>(producerProperties, new StringSerializer(), Serdes.frame().serializer()), topic);
  }

  /**
   * Sends a frame keyed by its camera id. Returns at once unless the producer's buffer is full,
   * in which case it blocks: back-pressure from a slow broker reaches the camera loop.
   */
  public void publish(Frame frame, PublishListener listener) {
    sent.incrementAndGet();
    try {
      producer.send(new ProducerRecord<>(topic, frame.getCameraId(), frame), (metadata, error) -> {
        if (error == null) {
          acknowledged.incrementAndGet();
          listener.acknowledged();
        } else {
          fail(frame, error, listener);
        }
      });
    } catch (KafkaException | IllegalStateException e) {
      // Thrown before the record is queued: serialization, buffer-full timeout, or a producer
      // already closed by a shutdown that outwaited a stuck camera. The frame is lost either way.
      fail(frame, e, listener);
    }
  }

  private void fail(Frame frame, Exception error, PublishListener listener) {
    long failures = failed.incrementAndGet();
    // Every failure counts, but a dead broker must not flood the log: the first few and then
    // every hundredth are enough to see what is wrong.
    if (failures <= 5 || failures % 100 == 0) {
      LOG.warn("frame {} of camera {} not published ({} failures so far): {}",
          frame.getSequence(), frame.getCameraId(), failures, error.toString());
    }
    listener.failed(error);
  }

  /** The topic frames go to. */
  public String topic() {
    return topic;
  }

  /** Frames handed to {@link #publish} so far. */
  public long sent() {
    return sent.get();
  }

  /** Frames the broker has acknowledged. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Frames that failed to publish. */
  public long failed() {
    return failed.get();
  }

  /** Blocks until every frame sent so far is acknowledged or has failed. */
  public void flush() {
    producer.flush();
  }

  /** Flushes outstanding frames and closes the producer, waiting at most {@code timeout}. */
  public void close(Duration timeout) {
    // close(timeout) is a bounded flush: it sends what is queued and waits for the answers, where
    // flush() would wait forever on an unreachable broker.
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
