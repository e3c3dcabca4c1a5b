package org.segstream.cli.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.segstream.ingest.CameraSpec;
import org.segstream.proto.v1.Projection;

/**
 * The demo clips committed under {@code models/demo/clips}, rendered by the same procedural scene
 * generator the demo model was trained on (held-out seeds), described by {@code clips.json}.
 */
public final class BundledClips {
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Clip(String file, String projection, @JsonProperty("hfov_deg") float hfovDeg) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Catalog(List<Clip> clips) {}

  private BundledClips() {}

  /** One camera per bundled clip, named after its file; empty when the clips are not there. */
  public static Optional<List<CameraSpec>> cameras(Path dir) throws IOException {
    Path catalog = dir.resolve("clips.json");
    if (!Files.isReadable(catalog)) {
      return Optional.empty();
    }
    Catalog clips = new ObjectMapper().readValue(catalog.toFile(), Catalog.class);
    return Optional.of(clips.clips().stream().map(c -> {
      Projection projection = "equirectangular".equals(c.projection()) ? Projection.EQUIRECTANGULAR : Projection.PINHOLE;
      String id = c.file().replaceAll("\\.[^.]*$", "");
      return CameraSpec.of(id, dir.resolve(c.file()).toString(), projection).withHfovDeg(c.hfovDeg());
    }).toList());
  }
}
