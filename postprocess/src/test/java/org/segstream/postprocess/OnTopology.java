package org.segstream.postprocess;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that run the real topology in a {@link TopologyFixture}, a fresh one for each test. */
public abstract class OnTopology {
  @TempDir Path stateDir;
  protected TopologyFixture topology;

  @BeforeEach
  void startTopology() {
    topology = new TopologyFixture(stateDir);
  }

  @AfterEach
  void closeTopology() {
    topology.close();
  }
}
