package org.segstream.ingest.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.ingest.CameraSpec;

class FleetWatcherTest {
  @TempDir
  Path dir;

  private final List<List<String>> applied = new ArrayList<>();

  private FleetWatcher watcher(Path file) {
    return new FleetWatcher(file, Duration.ofSeconds(1),
        cameras -> applied.add(cameras.stream().map(CameraSpec::id).toList()));
  }

  private static String fleet(String... ids) {
    StringBuilder yaml = new StringBuilder("cameras:\n");
    for (String id : ids) {
      yaml.append("  - id: ").append(id).append("\n    url: /v/").append(id).append(".mp4\n");
    }
    return yaml.toString();
  }

  @Test
  void eachNewVersionIsAppliedOnceAndAnUnchangedFileIsNot() throws Exception {
    Path file = Files.writeString(dir.resolve("fleet.yaml"), fleet("a"));
    try (FleetWatcher watcher = watcher(file)) {
      watcher.poll();
      watcher.poll();
      Files.writeString(file, fleet("a", "b"));
      watcher.poll();
      watcher.poll();
    }
    assertThat(applied).containsExactly(List.of("a"), List.of("a", "b"));
  }

  @Test
  void anInvalidVersionIsSkippedAndTheNextValidOneApplied() throws Exception {
    Path file = Files.writeString(dir.resolve("fleet.yaml"), fleet("a"));
    try (FleetWatcher watcher = watcher(file)) {
      watcher.poll();
      Files.writeString(file, fleet("a") + "    fsp: 3\n");
      watcher.poll();
      Files.delete(file);
      watcher.poll();
      Files.writeString(file, fleet("c"));
      watcher.poll();
    }
    assertThat(applied).containsExactly(List.of("a"), List.of("c"));
  }
}
