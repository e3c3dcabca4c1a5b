package org.segstream.cli.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.segstream.cli.demo.BundledClips;
import org.segstream.cli.demo.DemoPipeline;
import org.segstream.ingest.CameraSpec;
import org.segstream.viewer.Viewer;
import org.segstream.viewer.ViewerConfig;

/**
 * The live page in headless Debian Chromium during a running demo (bundled clips and model): a
 * tile per camera whose picture changes, a drawn chart, the panorama strip, and a clear message
 * for an unknown camera. Saves a screenshot for the README.
 */
class ViewPageIT {
  private static final Path MODEL = Path.of("../models/demo/segformer-demo");

  @Test
  void thePageShowsEveryCameraLiveWithChartsAndNamesAnUnknownCamera() throws Exception {
    // CI installs Chromium (.ci/run); elsewhere the test says what is missing instead of failing obscurely.
    assumeTrue(HeadlessChromium.installed() || "true".equals(System.getenv("CI")),
        "apt-get install chromium chromium-driver to run the browser test");
    List<CameraSpec> cameras = BundledClips.cameras(Path.of("../models/demo/clips")).orElseThrow().stream()
        .map(c -> c.withTargetFps(3).withLoop(true).withPace(true)).toList();
    var settings = new DemoPipeline.Settings(cameras, MODEL, 0, "127.0.0.1", 0, 2, 4);
    try (DemoPipeline pipeline = DemoPipeline.start(settings);
        Viewer viewer = Viewer.start(ViewerConfig.local(0, pipeline.kafka().bootstrapServers(),
            "127.0.0.1:" + pipeline.postprocessor().grpcPort()))) {
      ChromeDriver browser = HeadlessChromium.start(1400, 1700);
      try {
        browser.get(viewer.url());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        wait.until(b -> pictures(browser).size() == 2);
        assertThat(browser.findElements(By.cssSelector(".tile")))
            .extracting(t -> t.getAttribute("data-camera")).containsExactlyInAnyOrder("street", "plaza-360");

        // Each tile's picture changes as masks arrive.
        Map<String, String> first = pictures(browser);
        wait.until(b -> {
          Map<String, String> now = pictures(browser);
          return now.size() == 2 && now.keySet().stream().allMatch(c -> !now.get(c).equals(first.get(c)));
        });

        // A chart with windows is drawn: some pixels of each canvas are painted.
        wait.until(b -> ((Number) browser.executeScript(
            "return Object.values(window.segstream.chartPoints).filter(n => n >= 6).length")).intValue() == 2);
        for (WebElement canvas : browser.findElements(By.cssSelector("canvas.chart"))) {
          Number painted = (Number) browser.executeScript(
              "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                  + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;", canvas);
          assertThat(painted.intValue()).isGreaterThan(1000);
        }
        WebElement panorama = browser.findElement(By.cssSelector(".tile[data-camera='plaza-360']"));
        assertThat(panorama.getAttribute("class")).contains("panorama");
        assertThat(panorama.findElement(By.cssSelector(".azimuth")).getText()).contains("0°").contains("180°");
        assertThat(browser.findElement(By.cssSelector(".tile[data-camera='street'] .azimuth")).isDisplayed())
            .as("no azimuth strip under a pinhole camera").isFalse();
        assertThat(browser.findElement(By.cssSelector(".tile[data-camera='street'] .state")).getText())
            .contains("ONLINE");

        Path target = Path.of("target");
        Files.write(target.resolve("view-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.get(viewer.url() + "?camera=street,nobody");
        wait.until(b -> browser.findElements(By.cssSelector(".tile[data-camera='nobody'] .notice")).stream()
            .anyMatch(n -> n.getText().contains("unknown camera \"nobody\"")));
        wait.until(b -> pictures(browser).containsKey("street"));
        assertThat(browser.findElements(By.cssSelector(".tile"))).hasSize(2);
      } finally {
        browser.quit();
      }
    }
  }

  /** The sequence shown in each tile that has a picture, by camera. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> pictures(ChromeDriver browser) {
    return (Map<String, String>) browser.executeScript(
        "const out = {}; document.querySelectorAll('.tile').forEach(t => {"
            + " const s = t.querySelector('img').dataset.sequence; if (s) out[t.dataset.camera] = s; }); return out;");
  }
}
