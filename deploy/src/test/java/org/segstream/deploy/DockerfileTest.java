package org.segstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/Dockerfile and .dockerignore, as far as they can be checked without building. */
class DockerfileTest {
  /** Service image targets and the segstream command each runs. */
  private static final Map<String, String> TARGETS =
      Map.of("ingest", "ingest", "postprocess", "postprocess", "worker-cpu", "worker", "worker-gpu", "worker");

  private final Dockerfile dockerfile = Dockerfile.load();

  @Test
  void composeBuildsTargetsTheDockerfileDefines() {
    Compose.load().services().forEach((name, service) -> {
      JsonNode build = service.path("build");
      if (!build.isMissingNode()) {
        assertThat(build.path("dockerfile").asText()).as(Compose.FILE + " services." + name + ".build.dockerfile")
            .isEqualTo(Dockerfile.FILE);
        String target = build.path("target").asText();
        assertThat(dockerfile.stage(target)).as(Compose.FILE + " services." + name + " builds target " + target)
            .isPresent();
        assertThat(service.path("image").asText()).as(Compose.FILE + " services." + name + ".image")
            .startsWith("segstream/");
      }
    });
  }

  @Test
  void serviceImagesRunTheirCommandAsAnUnprivilegedUserWithAHealthCheck() {
    TARGETS.forEach((target, command) -> {
      Dockerfile.Stage stage = dockerfile.stage(target).orElseThrow(() -> new AssertionError("no target " + target));
      String where = Dockerfile.FILE + " target " + target;
      assertThat(DeploymentEnv.service(dockerfile, stage)).as(where + " CMD").contains(command);
      String user = dockerfile.inherited(stage, "USER").map(Dockerfile.Instruction::args).orElse("root");
      assertThat(user).as(where + " USER").isNotIn("root", "0", "root:root", "0:0");
      Optional<Dockerfile.Instruction> health = dockerfile.inherited(stage, "HEALTHCHECK");
      assertThat(health.map(Dockerfile.Instruction::args).orElse("NONE")).as(where + " HEALTHCHECK").doesNotStartWith("NONE");
      List<String> entrypoint = Dockerfile.execForm(dockerfile.inherited(stage, "ENTRYPOINT").orElseThrow());
      assertThat(entrypoint).as(where + " ENTRYPOINT").startsWith("java").endsWith("org.segstream.cli.Main");
    });
  }

  @Test
  void theJvmImagesAreBuiltWithMavenAndRunOnASlimJre() {
    assertThat(dockerfile.baseImage(dockerfile.stage("build").orElseThrow())).isEqualTo("maven:3-eclipse-temurin-17");
    for (String target : TARGETS.keySet()) {
      assertThat(dockerfile.baseImage(dockerfile.stage(target).orElseThrow())).as(Dockerfile.FILE + " target " + target)
          .isEqualTo("eclipse-temurin:17-jre");
    }
  }

  @Test
  void theDemoModelIsBakedIn() {
    assertThat(copySources()).as(Dockerfile.FILE + " COPY sources").contains("models/demo/segformer-demo");
    assertThat(Repo.path("models/demo/segformer-demo/model.json")).isRegularFile();
    assertThat(Repo.path("models/demo/segformer-demo/model.pt")).isRegularFile();
  }

  @Test
  void everyCopiedFileExistsAndIsInTheBuildContext() {
    DockerIgnore ignore = DockerIgnore.load();
    List<String> problems = new ArrayList<>();
    for (String source : copySources()) {
      if (!Repo.path(source).toFile().exists()) {
        problems.add(Dockerfile.FILE + ": COPY " + source + " does not exist");
      } else if (ignore.excludes(source)) {
        problems.add(Dockerfile.FILE + ": COPY " + source + " is excluded by " + DockerIgnore.FILE);
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
    // And the context leaves out what would bloat it or leak local state.
    assertThat(ignore.excludes("cli/target/segstream-cli.jar")).as(DockerIgnore.FILE + " excludes build output").isTrue();
    assertThat(ignore.excludes(".git/HEAD")).as(DockerIgnore.FILE + " excludes .git").isTrue();
  }

  /** Maven builds the reactor inside the image, so every module of the root pom must be there. */
  @Test
  void theBuildStageCopiesEveryModuleOfTheReactor() throws Exception {
    String pom = Files.readString(Repo.path("pom.xml"));
    List<String> problems = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    Set<String> copied = new TreeSet<>(copySources());
    while (module.find()) {
      String name = module.group(1).trim();
      if (!copied.contains(name) && !copied.contains(name + "/pom.xml")) {
        problems.add(Dockerfile.FILE + ": module " + name + " of pom.xml is not copied into the build stage");
      }
    }
    assertThat(problems).as(Problems.describe(problems)).isEmpty();
  }

  /**
   * The GPU image: no CPU libtorch jar (DJL would prefer it), DJL told the CUDA flavour at build
   * time (to fetch it) and at run time (to find it offline), and that flavour has a JNI library in
   * the pytorch-jni jar the CLI ships.
   */
  @Test
  void theGpuImageFetchesACudaLibtorchItsJniSupportsAndRunsOffline() {
    Dockerfile.Stage fetch = dockerfile.stage("natives-gpu").orElseThrow();
    Dockerfile.Stage gpu = dockerfile.stage("worker-gpu").orElseThrow();
    String run = String.join(" ", fetch.all("RUN").stream().map(Dockerfile.Instruction::args).toList());
    assertThat(run).contains("rm /opt/segstream/lib/pytorch-native-cpu-").contains("-Dai.djl.offline=false")
        .contains("PrepareNatives.java pytorch-cuda");
    String flavor = dockerfile.env(fetch).get("PYTORCH_FLAVOR");
    assertThat(dockerfile.env(gpu)).as(Dockerfile.FILE + " worker-gpu ENV").containsEntry("PYTORCH_FLAVOR", flavor);
    assertThat(dockerfile.env(gpu).get("JAVA_TOOL_OPTIONS")).contains("-Dai.djl.offline=true")
        .contains("-Djna.library.path=/opt/segstream/cache/cuda").contains("-XX:+UseTransparentHugePages");
    String jni = "jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so";
    assertThat(getClass().getClassLoader().getResource(jni)).as("pytorch-jni has " + jni).isNotNull();
  }

  @Test
  void kubernetesRunsTheImagesComposeBuilds() {
    Map<String, Set<String>> composeImages = new TreeMap<>();
    Compose.load().services().forEach((name, service) -> {
      String command = Compose.segstreamCommand(service);
      if (command != null) {
        composeImages.computeIfAbsent(command, k -> new TreeSet<>()).add(repository(service.path("image").asText()));
      }
    });
    for (Container c : Manifests.load().containers()) {
      assertThat(composeImages.getOrDefault(c.command(), Set.of())).as(c.where() + " image " + c.image())
          .contains(repository(c.image()));
    }
  }

  /** The image without its tag (compose's tag may be a "${IMAGE_TAG:-...}" default, colon included). */
  private static String repository(String image) {
    int tag = image.indexOf(':', image.lastIndexOf('/') + 1);
    return tag < 0 ? image : image.substring(0, tag);
  }

  /** Build-context paths the Dockerfile copies (COPY without --from), as written. */
  private List<String> copySources() {
    List<String> out = new ArrayList<>();
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      for (Dockerfile.Instruction copy : stage.all("COPY")) {
        List<String> words = List.of(copy.args().split("\\s+"));
        if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
          continue;
        }
        List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
        paths.subList(0, paths.size() - 1).forEach(p -> out.add(p.replaceAll("/+$", "")));
      }
    }
    return out;
  }
}
