package org.segstream.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * libtorch reads THP_MEM_ALLOC_ENABLE once per process, so each setting gets a child JVM running
 * the same forward passes, and the page faults they take tell whether the activations landed on
 * huge pages.
 */
class HugePagesIT {
  @Test
  void aCpuModelFaultsItsActivationsInOnHugePagesUnlessTheEnvironmentSaysNo() throws Exception {
    assumeFalse("never".equals(HugePages.kernelMode()), "this kernel's transparent huge pages are off");

    String on = run(null);
    String off = run("0");

    assertThat(on).contains(HugePages.VARIABLE + "=1: libtorch's tensors");
    assertThat(off).contains(HugePages.VARIABLE + "=0 from the environment, kept");
    // A batch of four at 640x320 took ~84,000 faults a pass on 4 KB pages and 5,600-7,700 with huge
    // pages on the development VM: tensors under 2 MB and the JVM's own memory stay on 4 KB pages.
    System.out.printf("minor faults per forward pass: %d on huge pages, %d without%n", faultsPerPass(on),
        faultsPerPass(off));
    assertThat(faultsPerPass(on)).as(on + off).isLessThan(faultsPerPass(off) / 4);
  }

  private static String run(String value) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Xmx1g", "-cp", System.getProperty("java.class.path"), ForwardPasses.class.getName(),
        "../models/demo/segformer-demo", "4", "4").redirectErrorStream(true);
    builder.environment().remove(HugePages.VARIABLE);
    if (value != null) {
      builder.environment().put(HugePages.VARIABLE, value);
    }
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    return output;
  }

  private static long faultsPerPass(String output) {
    Matcher m = Pattern.compile("minor faults per pass: (\\d+)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return Long.parseLong(m.group(1));
  }
}
