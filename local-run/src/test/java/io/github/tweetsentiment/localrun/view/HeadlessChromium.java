package io.github.tweetsentiment.localrun.view;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver (packages {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them): Selenium is given both paths, so it
 * downloads nothing. Override them with {@code -Dchromium.binary=...} and {@code
 * -Dchromedriver=...}.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Path BINARY =
      Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path DRIVER =
      Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Skips the calling test, saying why, when Chromium or its driver is missing; under {@code
   * CI=true} that fails it instead, since CI installs both.
   */
  public static void assumeInstalled() {
    String missing =
        !Files.isExecutable(BINARY)
            ? BINARY.toString()
            : !Files.isExecutable(DRIVER) ? DRIVER.toString() : null;
    if (missing == null) {
      return;
    }
    String why =
        missing
            + " is missing: the browser tests need Debian's chromium and chromium-driver"
            + " (apt-get install -y chromium chromium-driver)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; .ci/run installs them, and under CI=true they must be there");
    }
    Assumptions.abort("skipped: " + why);
  }

  /** Starts Chromium, headless, in a fresh profile, with a window of the given size. */
  public static HeadlessChromium start(int width, int height) {
    assumeInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // No calls home: this machine has no network but the package registries.
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    // The browser's console, to see errors and refused loads (Content-Security-Policy).
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new HeadlessChromium(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** The console's errors since the last call: script errors, loads the page's policy refused. */
  public java.util.List<String> consoleErrors() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .toList();
  }

  /** Saves what the window shows as a PNG. */
  public void screenshot(Path png) throws IOException {
    Files.createDirectories(png.getParent());
    Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary profile left behind.
    }
  }
}
