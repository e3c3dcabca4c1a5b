package org.segstream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.segstream.proto.Serdes;
import org.segstream.proto.v1.Frame;

class FramePublisherTest {

  private static final Frame FRAME = Frame.newBuilder().setCameraId("cam-9").setSequence(3).build();

  /** Records what the publisher reported. */
  private static final class Outcomes implements PublishListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void acknowledged() {
      events.add("ack");
    }

    @Override
    public void failed(Exception error) {
      events.add("failed: " + error.getMessage());
    }
  }

  private static MockProducer<String, Frame> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new StringSerializer(), Serdes.frame().serializer());
  }

  @Test
  void frameIsSentToTheTopicKeyedByItsCameraId() {
    MockProducer<String, Frame> producer = producer(true);
    try (FramePublisher publisher = new FramePublisher(producer, "frames-t")) {
      publisher.publish(FRAME, PublishListener.NONE);
    }
    assertThat(producer.history()).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo("frames-t");
      assertThat(record.key()).isEqualTo("cam-9");
      assertThat(record.value()).isEqualTo(FRAME);
    });
  }

  @Test
  void acknowledgedFrameIsCountedAndReported() {
    Outcomes outcomes = new Outcomes();
    try (FramePublisher publisher = new FramePublisher(producer(true), "t")) {
      publisher.publish(FRAME, outcomes);
      assertThat(publisher.acknowledged()).isEqualTo(1);
      assertThat(publisher.failed()).isZero();
    }
    assertThat(outcomes.events).containsExactly("ack");
  }

  @Test
  void failedSendIsCountedAndReportedToTheListener() {
    MockProducer<String, Frame> producer = producer(false);
    Outcomes outcomes = new Outcomes();
    try (FramePublisher publisher = new FramePublisher(producer, "t")) {
      publisher.publish(FRAME, outcomes);
      producer.errorNext(new TimeoutException("broker gone"));
      assertThat(publisher.sent()).isEqualTo(1);
      assertThat(publisher.failed()).isEqualTo(1);
      assertThat(publisher.acknowledged()).isZero();
    }
    assertThat(outcomes.events).containsExactly("failed: broker gone");
  }

  @Test
  void sendOnAClosedProducerCountsAsAFailureInsteadOfThrowing() {
    MockProducer<String, Frame> producer = producer(true);
    Outcomes outcomes = new Outcomes();
    FramePublisher publisher = new FramePublisher(producer, "t");
    publisher.close();
    publisher.publish(FRAME, outcomes);
    assertThat(publisher.failed()).isEqualTo(1);
    assertThat(outcomes.events).hasSize(1).first().asString().startsWith("failed");
  }

  @Test
  void closeClosesTheProducer() {
    MockProducer<String, Frame> producer = producer(true);
    new FramePublisher(producer, "t").close();
    assertThat(producer.closed()).isTrue();
  }
}
