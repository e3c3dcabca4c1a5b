package org.segstream.cli.masks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.cli.Main;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.Topics;
import org.segstream.proto.v1.Frame;
import org.segstream.proto.v1.ImageEncoding;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;

/** {@code segstream masks} against the embedded broker, run as a user runs it. */
class MasksCommandIT extends OnBroker {
  private static final int MASKS = 6;

  @BeforeAll
  static void publish() throws Exception {
    kafka.createTopics(2, Topics.MASKS, Topics.FRAMES);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (String camera : List.of("a", "b")) {
        for (long seq = 0; seq < MASKS; seq++) {
          producer.send(new ProducerRecord<>(Topics.FRAMES, camera, frame(camera, seq).toByteArray()));
        }
        for (long seq = 0; seq < MASKS; seq++) {
          producer.send(new ProducerRecord<>(Topics.MASKS, camera, mask(camera, seq).toByteArray()));
        }
      }
      producer.send(new ProducerRecord<>(Topics.MASKS, "c",
          mask("c", 0).toBuilder().setLabelSet("mystery-7").build().toByteArray()));
      producer.flush();
    }
  }

  /** 64x32 grey with a white band whose place moves with the sequence. */
  private static Frame frame(String camera, long seq) {
    byte[] bgr = new byte[64 * 32 * 3];
    java.util.Arrays.fill(bgr, (byte) 90);
    for (int y = 0; y < 32; y++) {
      for (int x = (int) seq * 8; x < seq * 8 + 8; x++) {
        int i = (y * 64 + x) * 3;
        bgr[i] = bgr[i + 1] = bgr[i + 2] = (byte) 250;
      }
    }
    return Frame.newBuilder().setCameraId(camera).setSequence(seq).setWidth(64).setHeight(32)
        .setEncoding(ImageEncoding.RAW_BGR).setData(ByteString.copyFrom(bgr)).build();
  }

  /** 32x16: road below, sky above, a car at a place that moves with the sequence. */
  private static Mask mask(String camera, long seq) {
    byte[] classes = new byte[32 * 16];
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        classes[y * 32 + x] = (byte) (y < 8 ? 10 : x / 4 == seq ? 13 : 0);
      }
    }
    return Mask.newBuilder().setCameraId(camera).setSequence(seq).setLabelSet("cityscapes-19").setWidth(32)
        .setHeight(16).setFrameWidth(64).setFrameHeight(32).setEncoding(MaskEncoding.MASK_RLE)
        .setData(ByteString.copyFrom(MaskCodec.encode(classes, 32, 16))).build();
  }

  private record Run(int exit, String out, String err) {}

  private static Run masks(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] all = Stream.concat(Stream.of("masks", "--bootstrap-servers", kafka.bootstrapServers()),
          Stream.of(args)).toArray(String[]::new);
      int exit = Main.commandLine().execute(all);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesExactlyOnePngPerMaskOfTheCameraAndALegend(@TempDir Path out) throws Exception {
    Run run = masks("--camera", "a", "--out", out.toString(), "--from-beginning");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(names(out)).containsExactly("a", "legend.png", "legend.txt");
    assertThat(names(out.resolve("a"))).containsExactly("0000000000.png", "0000000001.png", "0000000002.png",
        "0000000003.png", "0000000004.png", "0000000005.png");
    BufferedImage png = ImageIO.read(out.resolve("a/0000000002.png").toFile());
    assertThat(png.getWidth()).as("at the frame's size").isEqualTo(64);
    assertThat(png.getRGB(0, 0) & 0xffffff).as("sky").isEqualTo(70 << 16 | 130 << 8 | 180);
    assertThat(png.getRGB(17, 20) & 0xffffff).as("the car of mask 2").isEqualTo(142);
    assertThat(Files.readAllLines(out.resolve("legend.txt"))).containsExactly(
        "  0 road             #804080", " 10 sky              #4682b4", " 13 car              #00008e");
    assertThat(run.out()).contains("a: 6 PNGs in");
  }

  @Test
  void overlaysBlendEachMaskOverItsOwnFrame(@TempDir Path out) throws Exception {
    Run run = masks("--camera", "b", "--out", out.toString(), "--last", "2", "--overlay", "--alpha", "0.5");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(names(out.resolve("b"))).containsExactly("0000000004.png", "0000000005.png");
    BufferedImage png = ImageIO.read(out.resolve("b/0000000005.png").toFile());
    // Frame 5's white band (x 40..47) under sky: (250 + 70) / 2, (250 + 130) / 2, (250 + 180) / 2.
    assertThat(png.getRGB(42, 2) & 0xffffff).isEqualTo(160 << 16 | 190 << 8 | 215);
    // Grey 90 elsewhere under sky.
    assertThat(png.getRGB(2, 2) & 0xffffff).isEqualTo(80 << 16 | 110 << 8 | 135);
  }

  @Test
  void anMp4PerCameraHoldsEveryMask(@TempDir Path out) throws Exception {
    Run run = masks("--camera", "a,b", "--out", out.toString(), "--from-beginning", "--mp4");
    assertThat(run.exit()).as(run.err()).isZero();
    for (String camera : List.of("a", "b")) {
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(out.resolve(camera + ".mp4").toFile())) {
        grabber.start();
        int frames = 0;
        while (grabber.grabImage() != null) {
          frames++;
        }
        assertThat(frames).isEqualTo(MASKS);
        assertThat(grabber.getImageWidth()).isEqualTo(64);
      }
    }
  }

  @Test
  void anUnknownCameraOrLabelSetIsAClearErrorNotACrash(@TempDir Path out) {
    Run unknown = masks("--camera", "nobody", "--out", out.toString(), "--from-beginning");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no masks of camera nobody were read from segstream.masks");
    Run labels = masks("--camera", "c", "--out", out.toString(), "--from-beginning");
    assertThat(labels.exit()).isEqualTo(1);
    assertThat(labels.err()).contains("unknown label set 'mystery-7'");
  }
}
