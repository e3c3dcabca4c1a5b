package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/PrepareNatives.java runs only inside an image build, which cannot happen here:
 * at least it must compile against the DJL and JavaCV APIs the CLI ships.
 */
class PrepareNativesTest {
  private static final String SOURCE = "deploy/docker/PrepareNatives.java";

  @Test
  void compilesAgainstTheClassPathTheImageRunsItOn(@TempDir Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK compiler (the tests run on a JDK)").isNotNull();
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path")),
        null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(Repo.path(SOURCE).toFile())).call();
    assertThat(ok).as(SOURCE + " does not compile:\n" + diagnostics).isTrue();
    assertThat(Files.exists(out.resolve("PrepareNatives.class"))).isTrue();
  }
}
