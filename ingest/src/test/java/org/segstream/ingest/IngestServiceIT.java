package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.ingest.demo.DemoClip;
import org.segstream.ingest.demo.DemoClips;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Projection;

/** Ingest on a real (embedded) broker: what a downstream consumer reads from the frames topic. */
class IngestServiceIT {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static EmbeddedKafka kafka;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static String newTopic() {
    String topic = "frames-it-" + TOPICS.incrementAndGet();
    kafka.createTopics(2, topic);
    return topic;
  }

  /** Runs ingest until every camera ends and returns the service, closed, for its stats. */
  private static IngestService ingest(String topic, CameraSpec... cameras) throws InterruptedException {
    IngestService service = IngestService.create(new IngestConfig(kafka.bootstrapServers(), topic, List.of(cameras)));
    try (service) {
      service.start();
      assertThat(service.awaitCompletion(Duration.ofSeconds(60))).as("ingest finished").isTrue();
    }
    return service;
  }

  private static Mat decode(Frame frame) {
    byte[] jpeg = frame.getData().toByteArray();
    try (BytePointer pointer = new BytePointer(jpeg); Mat buffer = new Mat(1, jpeg.length, CV_8UC1, pointer)) {
      return imdecode(buffer, IMREAD_COLOR);
    }
  }

  @Test
  void clipOfNFramesArrivesAsExactlyNFramesInSequence() throws Exception {
    int n = 24;
    Path clip = TestClips.record(dir.resolve("n-frames.mp4"), n, 25, 320, 176);
    String topic = newTopic();

    IngestService service = ingest(topic, CameraSpec.of("gate-1", clip.toString(), Projection.PINHOLE).withHfovDeg(62));

    List<ConsumerRecord<String, Frame>> records = FrameTopic.read(kafka, topic, n, Duration.ofSeconds(30));
    assertThat(records).hasSize(n);
    assertThat(records).extracting(ConsumerRecord::key).containsOnly("gate-1");
    assertThat(records).extracting(r -> r.value().getSequence())
        .containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
    assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
    for (ConsumerRecord<String, Frame> record : records) {
      Frame frame = record.value();
      assertThat(frame.getWidth()).isEqualTo(320);
      assertThat(frame.getHeight()).isEqualTo(176);
      assertThat(frame.getEncoding()).isEqualTo(ImageEncoding.JPEG);
      assertThat(frame.getProjection()).isEqualTo(Projection.PINHOLE);
      assertThat(frame.getHorizontalFovDeg()).isEqualTo(62f);
      assertThat(frame.getIngestSessionId()).isEqualTo(service.sessionId());
      assertThat(frame.getCaptureTimeUs()).isCloseTo(System.currentTimeMillis() * 1000, org.assertj.core.data.Offset.offset(120_000_000L));
      try (Mat picture = decode(frame)) {
        assertThat(picture.cols()).isEqualTo(320);
        assertThat(picture.rows()).isEqualTo(176);
      }
    }
    assertThat(service.stats("gate-1"))
        .isEqualTo(new CameraStats("gate-1", CameraStats.State.FINISHED, n, n, n, 0, 0, 0, ""));
  }

  @Test
  void equirectangularDemoClipArrivesAsEquirectangularFramesWith360DegreeFov() throws Exception {
    DemoClip clip = DemoClips.writeEquirectangular(dir.resolve("pano.mp4"), 1, 6);
    String topic = newTopic();

    ingest(topic, clip.cameraSpec("pano-1"));

    List<ConsumerRecord<String, Frame>> records = FrameTopic.read(kafka, topic, clip.frames(), Duration.ofSeconds(30));
    assertThat(records).hasSize(clip.frames());
    assertThat(records).allSatisfy(record -> {
      assertThat(record.value().getProjection()).isEqualTo(Projection.EQUIRECTANGULAR);
      assertThat(record.value().getHorizontalFovDeg()).isEqualTo(360f);
      assertThat(record.value().getWidth()).isEqualTo(1024);
      assertThat(record.value().getHeight()).isEqualTo(512);
    });
  }

  @Test
  void missingFileFailsItsCameraNamingTheFileWhileOtherCamerasPublish() throws Exception {
    Path missing = dir.resolve("does-not-exist.mp4");
    Path clip = TestClips.record(dir.resolve("good.mp4"), 5, 10, 64, 48);
    String topic = newTopic();

    IngestService service = ingest(topic,
        CameraSpec.of("broken", missing.toString(), Projection.PINHOLE),
        CameraSpec.of("working", clip.toString(), Projection.PINHOLE));

    CameraStats broken = service.stats("broken");
    assertThat(broken.state()).isEqualTo(CameraStats.State.FAILED);
    assertThat(broken.error()).isEqualTo("camera source file not found: " + missing.toAbsolutePath());
    assertThat(service.stats("working").published()).isEqualTo(5);
    assertThat(FrameTopic.read(kafka, topic, 5, Duration.ofSeconds(30)))
        .extracting(ConsumerRecord::key).containsOnly("working").hasSize(5);
  }

  @Test
  void eachCameraKeepsItsOwnSequenceOnItsOwnKey() throws Exception {
    Path clip = TestClips.record(dir.resolve("shared.mp4"), 6, 10, 64, 48);
    String topic = newTopic();

    ingest(topic, CameraSpec.of("a", clip.toString(), Projection.PINHOLE),
        CameraSpec.of("b", clip.toString(), Projection.PINHOLE).withTargetFps(5));

    List<ConsumerRecord<String, Frame>> records = FrameTopic.read(kafka, topic, 9, Duration.ofSeconds(30));
    assertThat(records.stream().filter(r -> r.key().equals("a")).map(r -> r.value().getSequence()))
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(records.stream().filter(r -> r.key().equals("b")).map(r -> r.value().getSequence()))
        .containsExactly(0L, 1L, 2L);
  }
}
