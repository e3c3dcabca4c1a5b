package org.segstream.cli.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.segstream.cli.TempDirs;

/**
 * Debian's Chromium driven headless through its chromedriver, with the flags that keep it off the
 * network (no background fetches, updates or sync), for the page's browser test and benchmark.
 */
public final class HeadlessChromium {
  public static final Path BROWSER = Path.of(System.getProperty("segstream.chromium", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getProperty("segstream.chromedriver", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** Whether Chromium and its driver are installed ({@code apt-get install chromium chromium-driver}). */
  public static boolean installed() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  /** A new headless browser with its own empty profile, window {@code width x height}. */
  public static ChromeDriver start(int width, int height) throws IOException {
    if (!installed()) {
      throw new IllegalStateException("headless Chromium needs " + BROWSER + " and " + DRIVER
          + " (apt-get install chromium chromium-driver)");
    }
    Path profile = TempDirs.create("segstream-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
