package org.segstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.kafka.EmbeddedKafka;
import org.segstream.proto.Serdes;
import org.segstream.proto.v1.CameraState;
import org.segstream.proto.v1.CameraStatus;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.Projection;

/**
 * A fleet on a real (embedded) broker with real FFmpeg: a live camera that drops and returns,
 * a corrupted file, panoramas, and camera health on the cameras topic, all read back as a
 * downstream {@code read_committed} consumer sees them.
 */
class FleetIT {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafka kafka;

  @TempDir
  static Path dir;

  private String framesTopic;
  private String camerasTopic;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private void newTopics() {
    int n = TOPICS.incrementAndGet();
    framesTopic = "fleet-frames-" + n;
    camerasTopic = "fleet-cameras-" + n;
    kafka.createTopics(List.of(
        new NewTopic(framesTopic, 2, (short) 1).configs(Map.of("max.message.bytes", "" + EmbeddedKafka.MAX_MESSAGE_BYTES)),
        new NewTopic(camerasTopic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
  }

  private IngestConfig config(Path fleetFile, List<CameraSpec> cameras) {
    return new IngestConfig(kafka.bootstrapServers(), framesTopic, camerasTopic, fleetFile, 200, 1000, 0, cameras);
  }

  private TopicLog<Frame> frames() {
    return new TopicLog<>(kafka, framesTopic, Serdes.frame().deserializer());
  }

  private TopicLog<CameraStatus> statuses() {
    return new TopicLog<>(kafka, camerasTopic, Serdes.cameraStatus().deserializer());
  }

  private static java.util.function.Predicate<CameraStatus> in(CameraState state) {
    return s -> s != null && s.getState() == state;
  }

  /** The same over HTTP, served by ffmpeg itself ({@code -listen 1}). */
  @Test
  void liveCameraShowsReconnectingWhenItsServerStopsAndOnlineWithNewFramesWhenItComesBack() throws Exception {
    newTopics();
    Path clip = TestClips.record(dir.resolve("live.mp4"), 40, 10, 320, 240);
    try (StreamServer server = new StreamServer(clip, dir.resolve("ffmpeg-server.log"));
        TopicLog<Frame> frames = frames(); TopicLog<CameraStatus> statuses = statuses()) {
      server.start();
      CameraSpec door = CameraSpec.of("door", server.url(), Projection.PINHOLE).toBuilder()
          .connectTimeoutMs(2000).readTimeoutMs(2000).build();
      try (IngestService service = IngestService.create(config(null, List.of(door)))) {
        service.start();
        assertThat(statuses.await("door", in(CameraState.ONLINE), WAIT)).as("online").isNotNull();
        assertThat(frames.await("door", f -> f.getSequence() >= 5, WAIT)).as("frames flowing").isNotNull();

        server.stop();
        ConsumerRecord<String, CameraStatus> down = statuses.await("door", in(CameraState.RECONNECTING), WAIT);
        assertThat(down).as("reconnecting after the server stopped").isNotNull();
        assertThat(down.value().getSource()).isEqualTo(server.url());
        long sentBeforeOutage = service.stats("door").sampled();

        server.start();
        ConsumerRecord<String, CameraStatus> back =
            statuses.await("door", s -> in(CameraState.ONLINE).test(s) && s.getReconnects() > 0, WAIT);
        assertThat(back).as("online again after the server returned").isNotNull();
        ConsumerRecord<String, Frame> resumed =
            frames.await("door", f -> f.getSequence() >= sentBeforeOutage + 5, WAIT);
        assertThat(resumed).as("frames after the outage").isNotNull();
        assertThat(resumed.value().getIngestSessionId()).isEqualTo(service.sessionId());
        assertThat(frames.values("door")).extracting(Frame::getSequence).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void rtspCameraShowsReconnectingWhenItsServerStopsAndOnlineWithNewFramesWhenItComesBack() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(RtspRelay.installed(),
        "needs the RTSP relay: apt-get install rtsp-server-perl (.ci/run installs it)");
    newTopics();
    Path clip = TestClips.record(dir.resolve("rtsp.mp4"), 40, 10, 320, 240);
    try (RtspRelay server = new RtspRelay(clip, dir.resolve("rtsp-relay.log"));
        TopicLog<Frame> frames = frames(); TopicLog<CameraStatus> statuses = statuses()) {
      server.start();
      CameraSpec gate = CameraSpec.of("gate", server.url(), Projection.PINHOLE).toBuilder()
          .rtspTransport("udp").connectTimeoutMs(2000).readTimeoutMs(2000).build();
      try (IngestService service = IngestService.create(config(null, List.of(gate)))) {
        service.start();
        assertThat(statuses.await("gate", in(CameraState.ONLINE), WAIT)).as("online").isNotNull();
        assertThat(frames.await("gate", f -> f.getSequence() >= 5, WAIT)).as("frames flowing").isNotNull();

        server.stop();
        ConsumerRecord<String, CameraStatus> down = statuses.await("gate", in(CameraState.RECONNECTING), WAIT);
        assertThat(down).as("reconnecting after the server stopped").isNotNull();
        assertThat(down.value().getLastError()).isNotEmpty();
        long sentBeforeOutage = service.stats("gate").sampled();

        server.start();
        assertThat(statuses.await("gate", s -> in(CameraState.ONLINE).test(s) && s.getReconnects() > 0, WAIT))
            .as("online again after the server returned").isNotNull();
        assertThat(frames.await("gate", f -> f.getSequence() >= sentBeforeOutage + 5, WAIT))
            .as("frames after the outage").isNotNull();
        assertThat(frames.values("gate")).extracting(Frame::getSequence).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void aCameraThatAcceptsButNeverSendsTimesOutAndReconnectsWithoutStallingTheOthers() throws Exception {
    newTopics();
    Path good = TestClips.record(dir.resolve("steady-2.mp4"), 20, 10, 160, 120);
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        TopicLog<Frame> frames = frames(); TopicLog<CameraStatus> statuses = statuses()) {
      // Accepts connections (the kernel does, from the backlog) and never answers a byte.
      CameraSpec mute = CameraSpec.of("mute", "http://127.0.0.1:" + silent.getLocalPort() + "/live.ts",
          Projection.PINHOLE).toBuilder().connectTimeoutMs(1000).readTimeoutMs(1000).build();
      CameraSpec steady = CameraSpec.of("steady", good.toString(), Projection.PINHOLE).toBuilder()
          .loop(true).pace(true).targetFps(5).build();
      try (IngestService service = IngestService.create(config(null, List.of(mute, steady)))) {
        service.start();
        ConsumerRecord<String, CameraStatus> stuck = statuses.await("mute",
            s -> in(CameraState.RECONNECTING).test(s) && s.getReconnects() >= 1, WAIT);
        assertThat(stuck).as("the mute camera timed out and is being reconnected").isNotNull();
        assertThat(stuck.value().getLastError()).contains("127.0.0.1:" + silent.getLocalPort());
        assertThat(frames.await("steady", f -> f.getSequence() >= 10, WAIT)).as("the other camera went on").isNotNull();
        assertThat(frames.values("mute")).isEmpty();
      }
    }
  }

  @Test
  void corruptedFileFailsItsCameraWithAReasonWhileTheOtherKeepsItsRate() throws Exception {
    newTopics();
    byte[] whole = Files.readAllBytes(TestClips.record(dir.resolve("whole.mp4"), 30, 10, 160, 120));
    Path corrupt = Files.write(dir.resolve("corrupt.mp4"), Arrays.copyOf(whole, whole.length / 2));
    Path good = TestClips.record(dir.resolve("good.mp4"), 20, 10, 160, 120);
    CameraSpec broken = CameraSpec.of("broken", corrupt.toString(), Projection.PINHOLE);
    CameraSpec steady = CameraSpec.of("steady", good.toString(), Projection.PINHOLE).toBuilder()
        .loop(true).pace(true).targetFps(5).build();
    try (TopicLog<Frame> frames = frames(); TopicLog<CameraStatus> statuses = statuses();
        IngestService service = IngestService.create(config(null, List.of(broken, steady)))) {
      service.start();
      ConsumerRecord<String, CameraStatus> failed = statuses.await("broken", in(CameraState.FAILED), WAIT);
      assertThat(failed).as("corrupted file failed").isNotNull();
      assertThat(failed.value().getLastError()).contains("cannot open camera source " + corrupt);

      assertThat(frames.await("steady", f -> true, WAIT)).isNotNull();
      int before = frames.values("steady").size();
      frames.readFor(Duration.ofSeconds(4));
      int during = frames.values("steady").size() - before;
      // 5 frames/s for 4 s: 20, with room for a loaded test machine; the point is it did not stop.
      assertThat(during).isBetween(12, 28);
      assertThat(frames.values("broken")).isEmpty();
      assertThat(service.stats("steady").state()).isEqualTo(CameraStats.State.RUNNING);
    }
  }

  @Test
  void editingTheFleetFileAddsACameraAndRemovingOneStopsAndTombstonesOnlyIt() throws Exception {
    newTopics();
    Path clip = TestClips.record(dir.resolve("fleet.mp4"), 20, 10, 160, 120);
    ConfigMapDir configMap = new ConfigMapDir(dir.resolve("configmap"), "fleet.yaml");
    configMap.publish(fleet(clip, "a"));
    try (TopicLog<Frame> frames = frames(); TopicLog<CameraStatus> statuses = statuses();
        IngestService service = IngestService.create(config(configMap.file(),
            org.segstream.ingest.fleet.FleetFile.read(configMap.file())))) {
      service.start();
      assertThat(frames.await("a", f -> true, WAIT)).isNotNull();

      configMap.publish(fleet(clip, "a", "b"));
      assertThat(frames.await("b", f -> true, WAIT)).as("camera b added mid-run").isNotNull();
      assertThat(statuses.await("b", in(CameraState.ONLINE), WAIT)).isNotNull();

      configMap.publish(fleet(clip, "a", "b").replace("loop: true", "lopp: true"));
      frames.readFor(Duration.ofSeconds(1));
      assertThat(service.stats().keySet()).as("an invalid edit keeps the running fleet").containsExactly("a", "b");

      configMap.publish(fleet(clip, "a", "b").replace("  - id: b\n", "  - id: b\n    fps: 2\n"));
      int bBeforeChange = frames.values("b").size();
      assertThat(frames.await("b", f -> f.getSequence() >= bBeforeChange + 3, WAIT)).as("b restarted at 2 fps").isNotNull();

      configMap.publish(fleet(clip, "b"));
      assertThat(statuses.await("a", Objects::isNull, WAIT)).as("camera a tombstoned").isNotNull();
      frames.readFor(Duration.ofSeconds(1));
      int aFrames = frames.values("a").size();
      int bFrames = frames.values("b").size();
      frames.readFor(Duration.ofSeconds(2));
      assertThat(frames.values("a")).as("a stopped").hasSize(aFrames);
      assertThat(frames.values("b").size()).as("b goes on").isGreaterThan(bFrames);
      // b's restart with new settings continued its sequence: no number used twice.
      assertThat(frames.values("b")).extracting(Frame::getSequence).doesNotHaveDuplicates();
      // Camera a was never restarted by the edits that added b: one unbroken run of sequence numbers.
      List<Long> sequence = frames.values("a").stream().map(Frame::getSequence).toList();
      assertThat(sequence).isEqualTo(java.util.stream.LongStream.range(0, sequence.size()).boxed().toList());
      assertThat(statuses.values("a").stream().filter(Objects::nonNull).map(CameraStatus::getState))
          .containsSubsequence(CameraState.CONNECTING, CameraState.ONLINE).doesNotContain(CameraState.STOPPED);
    }
  }

  private static String fleet(Path clip, String... ids) {
    StringBuilder yaml = new StringBuilder("defaults:\n  fps: 5\n  loop: true\n  pace: true\ncameras:\n");
    for (String id : ids) {
      yaml.append("  - id: ").append(id).append("\n    url: ").append(clip).append('\n');
    }
    return yaml.toString();
  }

  @Test
  void equirectangular4kClipArrivesWithItsProjectionInEveryFrameAtFullOrFittedSize() throws Exception {
    newTopics();
    Path clip = TestClips.record(dir.resolve("pano-4k.mp4"), 4, 5, 3840, 1920);
    CameraSpec full = CameraSpec.of("pano-full", clip.toString(), Projection.EQUIRECTANGULAR).withMaxSize(3840, 1920);
    CameraSpec fitted = CameraSpec.of("pano-fitted", clip.toString(), Projection.EQUIRECTANGULAR);
    IngestService service = IngestService.create(config(null, List.of(full, fitted)));
    try (service) {
      service.start();
      assertThat(service.awaitCompletion(WAIT)).isTrue();
    }
    try (TopicLog<Frame> frames = frames()) {
      frames.await("pano-fitted", f -> f.getSequence() == 3, WAIT);
      frames.await("pano-full", f -> f.getSequence() == 3, WAIT);
      assertThat(frames.records()).hasSize(8).allSatisfy(r -> {
        assertThat(r.value().getProjection()).isEqualTo(Projection.EQUIRECTANGULAR);
        assertThat(r.value().getHorizontalFovDeg()).isEqualTo(360f);
        assertThat(r.value().getIngestSessionId()).isEqualTo(service.sessionId());
      });
      assertThat(frames.values("pano-full")).extracting(f -> f.getWidth() + "x" + f.getHeight())
          .containsOnly("3840x1920");
      assertThat(frames.values("pano-fitted")).extracting(f -> f.getWidth() + "x" + f.getHeight())
          .containsOnly("1920x960");
    }
  }
}
