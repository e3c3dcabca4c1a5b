package org.segstream.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libtorch writes its NNPACK warning from native code straight to the process's stderr, so a child
 * JVM runs the forward passes and this reads what it wrote.
 */
class NnpackIT {
  @Test
  void aCpuWorkerWarnsOfAnUnusableNnpackAtMostOnceHoweverManyForwardPasses() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Xmx1g", "-cp", System.getProperty("java.class.path"), ForwardPasses.class.getName(),
        "../models/demo/segformer-demo", "8").redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("forward passes done: 8");
    // Where NNPACK can start (a host whose CPU it reads) there is no warning at all.
    assertThat(output.split("Could not initialize NNPACK", -1).length - 1).as(output).isLessThanOrEqualTo(1);
  }
}
