package org.segstream.inference.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segstream.inference.WorkerConfig;
import org.segstream.inference.model.ModelCard;

class StagesTest {
  private static final ModelCard DEMO = ModelCard.load(Path.of("../models/demo/segformer-demo"));

  @Test
  void aWorkerAskedToDecodeReducedDecodesDownToTheModelInput() {
    WorkerConfig reduced = WorkerConfig.fromEnv(Map.of("SEGSTREAM_DECODE_REDUCED", "true"));
    // The demo model takes 640x320.
    assertThat(Stages.decoder(reduced, DEMO).reduction(2560, 1280)).isEqualTo(4);
    assertThat(Stages.decoder(reduced, DEMO).reduction(1280, 720)).isEqualTo(2);
    assertThat(Stages.decoder(reduced, DEMO).reduction(1270, 720)).isEqualTo(1);
  }

  @Test
  void byDefaultEveryFrameIsDecodedAtFullSize() {
    assertThat(Stages.decoder(WorkerConfig.fromEnv(Map.of()), DEMO).reduction(2560, 1280)).isEqualTo(1);
  }
}
