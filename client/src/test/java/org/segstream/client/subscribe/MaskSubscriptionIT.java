package org.segstream.client.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segstream.client.SubscriptionConfig;
import org.segstream.client.SubscriptionConfig.StartAt;
import org.segstream.client.subscribe.MaskEvent.FrameStatus;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.IndexedPng;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

/** The subscription on a real broker: camera filter, start positions, frame join and its failures, both encodings. */
class MaskSubscriptionIT extends OnBroker {
  private static KafkaProducer<String, byte[]> producer;
  private static int topicCounter;

  @BeforeAll
  static void start() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
  }

  /** Fresh masks and frames topics, so tests do not see each other's records. */
  private static SubscriptionConfig topics(Set<String> cameras) {
    int n = ++topicCounter;
    kafka.createTopics(2, "masks-" + n, "frames-" + n);
    SubscriptionConfig base = SubscriptionConfig.of(kafka.bootstrapServers(), cameras);
    return new SubscriptionConfig(base.bootstrapServers(), cameras, base.start(), false, base.frameBuffer(),
        Duration.ofSeconds(5), base.frameLead(), "masks-" + n, "frames-" + n);
  }

  private static void send(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  private static Frame frame(String camera, long sequence) {
    byte[] bgr = new byte[4 * 2 * 3];
    bgr[0] = (byte) sequence;
    return Frame.newBuilder().setCameraId(camera).setSequence(sequence).setWidth(4).setHeight(2)
        .setEncoding(ImageEncoding.RAW_BGR).setData(ByteString.copyFrom(bgr)).build();
  }

  private static Mask mask(String camera, long sequence, String labelSet) {
    byte[] classes = {0, 0, 13, 13, 11, 11, 10, (byte) sequence};
    return Mask.newBuilder().setCameraId(camera).setSequence(sequence).setLabelSet(labelSet).setWidth(4).setHeight(2)
        .setEncoding(MaskEncoding.MASK_RLE).setData(ByteString.copyFrom(MaskCodec.encode(classes, 4, 2))).build();
  }

  private static List<MaskEvent> readUntilCaughtUp(MaskSubscription subscription) {
    List<MaskEvent> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!subscription.caughtUp() && System.nanoTime() < deadline) {
      events.addAll(subscription.pollUntilEnd(Duration.ofMillis(200)));
    }
    events.addAll(subscription.pollUntilEnd(Duration.ofMillis(200)));
    return events;
  }

  @Test
  void joinsEachMaskOfTheChosenCameraWithItsFrameAndSaysWhyAFrameIsGone() throws Exception {
    SubscriptionConfig config = topics(Set.of("a")).withStart(StartAt.earliest()).withFrames(true);
    for (long seq = 0; seq < 5; seq++) {
      send(config.framesTopic(), "a", frame("a", seq).toByteArray());
      send(config.framesTopic(), "b", frame("b", seq).toByteArray());
    }
    for (long seq = 0; seq < 5; seq++) {
      send(config.masksTopic(), "a", mask("a", seq, "cityscapes-19").toByteArray());
      send(config.masksTopic(), "b", mask("b", seq, "cityscapes-19").toByteArray());
    }
    send(config.masksTopic(), "a", mask("a", 7, "cityscapes-19").toByteArray()); // its frame never existed
    send(config.masksTopic(), "a", mask("a", 8, "mystery-7").toByteArray());
    send(config.masksTopic(), "a", new byte[] {1, 2, 3, 4});

    try (MaskSubscription subscription = MaskSubscription.open(config)) {
      List<MaskEvent> events = readUntilCaughtUp(subscription);
      assertThat(events).extracting(MaskEvent::cameraId).containsOnly("a");
      assertThat(events).hasSize(8);
      for (MaskEvent event : events.subList(0, 5)) {
        assertThat(event.frameStatus()).isEqualTo(FrameStatus.JOINED);
        assertThat(event.frame().orElseThrow().getSequence()).isEqualTo(event.sequence());
        assertThat(event.image().orElseThrow().classAt(3, 1)).isEqualTo((int) event.sequence());
        assertThat(event.problem()).isEmpty();
      }
      MaskEvent expired = events.get(5);
      assertThat(expired.frameStatus()).isEqualTo(FrameStatus.EXPIRED);
      assertThat(expired.problem().orElseThrow()).contains("frame a#7 is not in " + config.framesTopic());
      assertThat(expired.image()).isPresent();
      assertThat(events.get(6).problem().orElseThrow()).contains("unknown label set 'mystery-7'");
      assertThat(events.get(7).problem().orElseThrow()).contains("is not a Mask");
    }
  }

  @Test
  void aFrameDroppedFromAFullJoinBufferIsReportedAsSuch() throws Exception {
    SubscriptionConfig config = topics(Set.of("a")).withStart(StartAt.earliest()).withFrames(true)
        .withFrameBuffer(2, Duration.ofSeconds(5));
    for (long seq = 0; seq < 10; seq++) {
      send(config.framesTopic(), "a", frame("a", seq).toByteArray());
    }
    send(config.masksTopic(), "a", mask("a", 0, "cityscapes-19").toByteArray());
    send(config.masksTopic(), "a", mask("a", 9, "cityscapes-19").toByteArray());
    try (MaskSubscription subscription = MaskSubscription.open(config)) {
      List<MaskEvent> events = readUntilCaughtUp(subscription);
      assertThat(events).extracting(MaskEvent::frameStatus).containsExactly(FrameStatus.EXPIRED, FrameStatus.JOINED);
      assertThat(events.get(0).problem().orElseThrow()).contains("dropped from the join buffer (2 frames per camera)");
    }
  }

  @Test
  void lastNGivesTheLastMasksOfEachCameraThenFollows() throws Exception {
    SubscriptionConfig config = topics(Set.of()).withStart(StartAt.last(3));
    for (long seq = 0; seq < 200; seq++) {
      send(config.masksTopic(), "a", mask("a", seq, "cityscapes-19").toByteArray());
      if (seq % 10 == 0) {
        send(config.masksTopic(), "b", mask("b", seq, "cityscapes-19").toByteArray());
      }
    }
    try (MaskSubscription subscription = MaskSubscription.open(config)) {
      // Published after open: a bounded read leaves it out.
      send(config.masksTopic(), "a", mask("a", 200, "cityscapes-19").toByteArray());
      List<MaskEvent> events = readUntilCaughtUp(subscription);
      Map<String, List<Long>> byCamera = events.stream().collect(
          Collectors.groupingBy(MaskEvent::cameraId, Collectors.mapping(MaskEvent::sequence, Collectors.toList())));
      assertThat(byCamera).containsOnlyKeys("a", "b");
      assertThat(byCamera.get("a")).containsExactly(197L, 198L, 199L);
      assertThat(byCamera.get("b")).containsExactly(170L, 180L, 190L);
      send(config.masksTopic(), "b", mask("b", 200, "cityscapes-19").toByteArray());
      assertThat(pollFor(subscription, 1)).extracting(MaskEvent::cameraId, MaskEvent::sequence)
          .containsExactly(org.assertj.core.api.Assertions.tuple("b", 200L));
    }
  }

  @Test
  void latestStartsAfterOpenAndIndexedPngMasksDecode() throws Exception {
    SubscriptionConfig config = topics(Set.of("a"));
    send(config.masksTopic(), "a", mask("a", 1, "cityscapes-19").toByteArray());
    try (MaskSubscription subscription = MaskSubscription.open(config)) {
      assertThat(subscription.caughtUp()).isTrue();
      byte[] classes = {2, 2, 8, 8, 10, 10, 13, 0};
      Mask png = mask("a", 2, "cityscapes-19").toBuilder().setEncoding(MaskEncoding.MASK_PNG_INDEXED)
          .setData(ByteString.copyFrom(indexedPng(classes, 4, 2))).build();
      send(config.masksTopic(), "a", png.toByteArray());
      List<MaskEvent> events = pollFor(subscription, 1);
      assertThat(events).extracting(MaskEvent::sequence).containsExactly(2L);
      assertThat(events.get(0).image().orElseThrow().classes()).containsExactly(classes);
    }
  }

  @Test
  void aLiveViewGetsOnlyEachCamerasNewestMaskOfAPoll() throws Exception {
    SubscriptionConfig config = topics(Set.of()).withStart(StartAt.earliest());
    for (long seq = 0; seq < 5; seq++) {
      send(config.masksTopic(), "a", mask("a", seq, "cityscapes-19").toByteArray());
      send(config.masksTopic(), "b", mask("b", seq, "cityscapes-19").toByteArray());
    }
    try (MaskSubscription subscription = MaskSubscription.open(config)) {
      Map<String, Long> last = new java.util.HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!subscription.caughtUp() && System.nanoTime() < deadline) {
        List<MaskEvent> events = subscription.pollNewestPerCamera(Duration.ofMillis(200));
        assertThat(events).extracting(MaskEvent::cameraId).doesNotHaveDuplicates();
        events.forEach(e -> last.put(e.cameraId(), e.sequence()));
      }
      assertThat(last).containsOnly(Map.entry("a", 4L), Map.entry("b", 4L));
    }
  }

  private static List<MaskEvent> pollFor(MaskSubscription subscription, int count) {
    List<MaskEvent> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (events.size() < count && System.nanoTime() < deadline) {
      events.addAll(subscription.poll(Duration.ofMillis(200)));
    }
    return events;
  }

  /** A grey palette, so each class index is also its colour. */
  private static byte[] indexedPng(byte[] classes, int width, int height) {
    return new IndexedPng(IntStream.range(0, 256).mapToObj(v -> new int[] {v, v, v}).toList())
        .encode(classes, width, height);
  }
}
