package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.segstream.proto.Serdes;
import org.segstream.proto.v1.CameraState;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.Projection;

/** What the status reporter writes, against a mock producer. */
class CameraStatusReporterTest {
  private final MockProducer<String, CameraStatus> producer =
      new MockProducer<>(true, null, new StringSerializer(), Serdes.cameraStatus().serializer());
  private final CameraStatusReporter reporter =
      new CameraStatusReporter(producer, "cameras", "session-7", Duration.ofHours(1));

  private List<ProducerRecord<String, CameraStatus>> sent(int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (producer.history().size() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return producer.history();
  }

  @Test
  void stateChangesArePublishedAtOnceWithTheSourceWithoutCredentials() throws Exception {
    CameraSpec spec = CameraSpec.of("pano", "rtsp://admin:secret@10.0.0.9/live", Projection.EQUIRECTANGULAR);
    CameraCounters counters = new CameraCounters("pano");
    reporter.track(spec, counters);
    counters.state(CameraStats.State.RECONNECTING, "Connection refused");

    List<ProducerRecord<String, CameraStatus>> sent = sent(2);
    assertThat(sent).extracting(ProducerRecord::key).containsOnly("pano");
    assertThat(sent).extracting(r -> r.value().getState()).containsExactly(CameraState.CONNECTING, CameraState.RECONNECTING);
    CameraStatus last = sent.get(1).value();
    assertThat(last.getSource()).isEqualTo("rtsp://10.0.0.9/live");
    assertThat(last.getLastError()).isEqualTo("Connection refused");
    assertThat(last.getLastErrorTimeUs()).isPositive();
    assertThat(last.getProjection()).isEqualTo(Projection.EQUIRECTANGULAR);
    assertThat(last.getHorizontalFovDeg()).isEqualTo(360f);
    assertThat(last.getIngestSessionId()).isEqualTo("session-7");
    reporter.close();
  }

  @Test
  void aRemovedCameraGetsATombstoneAndNoStatusAfterIt() throws Exception {
    CameraCounters counters = new CameraCounters("gone");
    reporter.track(CameraSpec.of("gone", "/v.mp4", Projection.PINHOLE), counters);
    reporter.untrack("gone");
    counters.state(CameraStats.State.STOPPED, null);
    reporter.close();
    assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly("gone");
    assertThat(producer.history().get(producer.history().size() - 1).value()).isNull();
  }
}
