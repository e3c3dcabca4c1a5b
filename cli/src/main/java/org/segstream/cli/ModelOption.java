package org.segstream.cli;

import java.nio.file.Path;
import org.segstream.inference.model.SegmentationModel;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option shared by commands that run a model. */
public final class ModelOption {
  @Option(names = "--model", description = "Model directory with model.json (default: the bundled demo model).")
  Path model;

  /** The chosen model directory, checked (card and file present) so a command fails before it starts anything. */
  public Path checkedDir() {
    Path dir = model != null ? model : Path.of(System.getProperty("segstream.home", "."), "models/demo/segformer-demo");
    SegmentationModel.check(dir);
    return dir;
  }
}
