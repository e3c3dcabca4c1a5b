package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.ingest.publish.FramePublisher;
import org.segstream.proto.Serdes;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Projection;

/** The capture loop against a mock producer: what it publishes, not how Kafka stores it. */
class CameraIngestTest {
  @TempDir
  static Path dir;
  /** 10 frames at 20 fps: half a second of video. */
  static Path clip;

  private final MockProducer<String, Frame> producer =
      new MockProducer<>(true, null, new StringSerializer(), Serdes.frame().serializer());

  @BeforeAll
  static void recordClip() throws Exception {
    clip = TestClips.record(dir.resolve("ten.mp4"), 10, 20, 96, 64);
  }

  private CameraStats run(CameraSpec spec) throws InterruptedException {
    CameraIngest ingest = new CameraIngest(spec, new FramePublisher(producer, "frames"), "session-1");
    Thread thread = new Thread(ingest);
    thread.start();
    assertThat(ingest.await(Duration.ofSeconds(30))).isTrue();
    return ingest.stats();
  }

  private List<Frame> published() {
    return producer.history().stream().map(ProducerRecord::value).toList();
  }

  private CameraSpec camera() {
    return CameraSpec.of("cam-a", clip.toString(), Projection.PINHOLE);
  }

  @Test
  void fileIsPublishedFrameByFrameAndTheCameraFinishes() throws Exception {
    CameraStats stats = run(camera());
    assertThat(stats).isEqualTo(new CameraStats("cam-a", CameraStats.State.FINISHED, 10, 10, 10, 0, 0, 0, ""));
    assertThat(published()).extracting(Frame::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(published()).extracting(Frame::getStreamPtsUs).startsWith(0L, 50_000L).endsWith(450_000L);
  }

  @Test
  void targetFpsThinsTheFrames() throws Exception {
    CameraStats stats = run(camera().withTargetFps(5));
    assertThat(stats.grabbed()).isEqualTo(10);
    assertThat(published()).extracting(Frame::getStreamPtsUs).containsExactly(0L, 200_000L, 400_000L);
    assertThat(published()).extracting(Frame::getSequence).containsExactly(0L, 1L, 2L);
  }

  @Test
  void loopReplaysTheFileWithPtsThatKeepIncreasing() throws Exception {
    CameraStats stats = run(camera().withLoop(true).withMaxFrames(25));
    assertThat(stats.state()).isEqualTo(CameraStats.State.FINISHED);
    assertThat(published()).hasSize(25);
    assertThat(published()).extracting(Frame::getStreamPtsUs).isSorted().doesNotHaveDuplicates()
        .contains(500_000L, 1_000_000L);
  }

  @Test
  void maxFramesStopsTheCameraEarly() throws Exception {
    CameraStats stats = run(camera().withMaxFrames(4));
    assertThat(stats.state()).isEqualTo(CameraStats.State.FINISHED);
    assertThat(published()).hasSize(4);
  }

  @Test
  void paceTakesAsLongAsTheFilePlays() throws Exception {
    long start = System.nanoTime();
    run(camera().withPace(true));
    // Ten frames at 20 fps: the last is due 450 ms after the first.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(440));
  }

  @Test
  void stopEndsALoopingCameraWithStateStopped() throws Exception {
    CameraIngest ingest = new CameraIngest(camera().withLoop(true).withPace(true),
        new FramePublisher(producer, "frames"), "s");
    Thread thread = new Thread(ingest);
    thread.start();
    Thread.sleep(300);
    ingest.stop();
    assertThat(ingest.await(Duration.ofSeconds(5))).isTrue();
    assertThat(ingest.stats().state()).isEqualTo(CameraStats.State.STOPPED);
    assertThat(ingest.stats().published()).isPositive();
  }

  @Test
  void framesCarryTheCameraDescriptionAndSession() throws Exception {
    run(CameraSpec.of("pano", clip.toString(), Projection.EQUIRECTANGULAR).withJpegQuality(70));
    assertThat(published()).allSatisfy(frame -> {
      assertThat(frame.getCameraId()).isEqualTo("pano");
      assertThat(frame.getProjection()).isEqualTo(Projection.EQUIRECTANGULAR);
      assertThat(frame.getHorizontalFovDeg()).isEqualTo(360f);
      assertThat(frame.getIngestSessionId()).isEqualTo("session-1");
      assertThat(frame.getWidth()).isEqualTo(96);
      assertThat(frame.getHeight()).isEqualTo(64);
    });
    assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly("pano");
  }

  @Test
  void missingFileFailsTheCameraWithTheFileInItsError() throws Exception {
    Path missing = dir.resolve("missing.mp4");
    CameraStats stats = run(CameraSpec.of("cam-x", missing.toString(), Projection.PINHOLE));
    assertThat(stats.state()).isEqualTo(CameraStats.State.FAILED);
    assertThat(stats.error()).contains(missing.toString());
    assertThat(published()).isEmpty();
  }

  @Test
  void unreachableLiveStreamKeepsReconnectingUntilStopped() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/live.ts";
    CameraIngest ingest = new CameraIngest(CameraSpec.of("live", url, Projection.PINHOLE),
        new FramePublisher(producer, "frames"), "s");
    new Thread(ingest).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ingest.stats().state() != CameraStats.State.RECONNECTING && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ingest.stats().state()).isEqualTo(CameraStats.State.RECONNECTING);
    assertThat(ingest.stats().error()).contains(url);
    ingest.stop();
    assertThat(ingest.await(Duration.ofSeconds(5))).isTrue();
    assertThat(ingest.stats().state()).isEqualTo(CameraStats.State.STOPPED);
  }

  @Test
  void imageDirectoryIsPlayedInNameOrderAtTheTargetRateWithBrokenImagesCountedAsDrops() throws Exception {
    java.nio.file.Path images = java.nio.file.Files.createDirectories(dir.resolve("stills"));
    writeImage(images.resolve("a.png"), 400, 300);
    java.nio.file.Files.writeString(images.resolve("b.jpg"), "not a picture");
    writeImage(images.resolve("c.png"), 400, 300);
    writeImage(images.resolve("d.jpg"), 400, 300);
    CameraSpec spec = CameraSpec.of("stills", images.toString(), Projection.PINHOLE).withTargetFps(5).withMaxSize(200, 200);
    CameraStats stats = run(spec);
    assertThat(stats.state()).isEqualTo(CameraStats.State.FINISHED);
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(published()).extracting(Frame::getStreamPtsUs).containsExactly(0L, 400_000L, 600_000L);
    assertThat(published()).extracting(Frame::getSequence).containsExactly(0L, 1L, 2L);
    assertThat(published()).allSatisfy(f -> assertThat(f.getWidth() + "x" + f.getHeight()).isEqualTo("200x150"));
  }

  @Test
  void fileWithoutASingleDecodableFrameFailsTheCamera() throws Exception {
    java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(100));
    CameraStats stats = run(CameraSpec.of("cam-n", text.toString(), Projection.PINHOLE));
    assertThat(stats.state()).isEqualTo(CameraStats.State.FAILED);
    assertThat(stats.error()).startsWith("cannot open camera source " + text);
    assertThat(stats.reconnects()).isEqualTo(CameraIngest.FILE_OPEN_ATTEMPTS - 1);
  }

  private static void writeImage(java.nio.file.Path file, int width, int height) {
    try (org.bytedeco.opencv.opencv_core.Mat picture = new org.bytedeco.opencv.opencv_core.Mat(height, width,
        org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(30, 90, 200, 0))) {
      assertThat(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(file.toString(), picture)).isTrue();
    }
  }
}
