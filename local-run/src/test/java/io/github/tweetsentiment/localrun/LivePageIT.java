package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.localrun.view.HeadlessChromium;
import io.github.tweetsentiment.localrun.view.HostileRecording;
import io.github.tweetsentiment.localrun.view.PageHold;
import io.github.tweetsentiment.localrun.view.RunPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page and the report in a real headless Chromium: a local run of a small recording with
 * hostile tweet texts (samples/tweets/small.jsonl plus {@link HostileRecording}), paced so the page
 * updates while it runs; the page must show every query's chart, the summary's totals, and the
 * hostile texts as text, and so must report.html opened from the file system.
 *
 * <p>Screenshots go to {@code local-run/target/screenshots/}, to look at when it fails. The
 * README's picture is not this hostile run's page but that of the README's own command: {@code
 * docs/images/local-run-page.sh} makes it. Skips without Chromium and its driver, except under
 * {@code CI=true}.
 */
class LivePageIT {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir Path work;

  @BeforeAll
  static void needsChromium() {
    HeadlessChromium.assumeInstalled();
  }

  @Test
  void thePage_showsTheRunLive_andTheReportTheSame_withHostileTextShownAsText() throws Exception {
    Path recording = HostileRecording.write(HostileRecording.samplesDir(), work);
    Path output = work.resolve("output");
    int port = freePort();
    String[] args = {
      "--input=" + recording,
      "--outputDir=" + output,
      "--model=fast",
      "--replaySpeed=120",
      "--maxBufferingMillis=100",
      "--progressSeconds=0",
      "--viewPort=" + port
    };
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    CountDownLatch over = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PageHold hold =
        page -> {
          over.countDown();
          release.await(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        };
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (HeadlessChromium chromium = HeadlessChromium.start(1280, 1700)) {
      Future<Integer> run =
          runner.submit(
              () ->
                  LocalPipeline.run(
                      args, new PrintStream(console, true, StandardCharsets.UTF_8), hold));
      URI page = URI.create("http://127.0.0.1:" + port + "/");
      awaitServing(page.resolve("api/state"), run);
      RunPage live = new RunPage(chromium.driver());
      chromium.driver().get(page.toString());

      // The page updates itself until the run is over.
      live.awaitStatus("finished", RUN_TIMEOUT);
      assertThat(over.await(1, TimeUnit.MINUTES)).as("the run reached its end").isTrue();
      String printed = console.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("Live page: " + page).contains("Pipeline DONE");
      live.awaitCharts(HostileRecording.QUERIES, Duration.ofSeconds(10));
      JsonNode state = TweetJson.mapper().readTree(get(page.resolve("api/state")));
      checkPage(live, printed, state);
      assertThat(live.resources())
          .as("everything the page loads comes from the local run")
          .allSatisfy(url -> assertThat(url).startsWith(page.toString()));
      assertThat(chromium.consoleErrors()).as("the live page's console").isEmpty();
      chromium.screenshot(SCREENSHOTS.resolve("live-page.png"));

      release.countDown();
      assertThat(run.get(1, TimeUnit.MINUTES)).as(printed).isZero();

      // The report: the same from the file system, with no server.
      Path report = output.resolve("report.html");
      assertThat(printed).contains("Report: " + report);
      RunPage offline = new RunPage(chromium.driver());
      chromium.driver().get(report.toUri().toString());
      offline.awaitStatus("finished", Duration.ofSeconds(30));
      offline.awaitCharts(HostileRecording.QUERIES, Duration.ofSeconds(10));
      checkPage(offline, printed, state);
      assertThat(offline.resources()).as("the report loads nothing").isEmpty();
      assertThat(chromium.consoleErrors()).as("the report's console").isEmpty();
      chromium.screenshot(SCREENSHOTS.resolve("report.png"));

      List<String> latest = Files.readAllLines(output.resolve("sentiment_windows_latest.ndjson"));
      assertThat(latest).hasSize(windowCount(state));
    } finally {
      release.countDown();
      runner.shutdownNow();
    }
  }

  /** What the live page and the report must both show. */
  private static void checkPage(RunPage page, String printed, JsonNode state) {
    Map<String, Double> shown = page.totals();
    assertThat(shown).containsAllEntriesOf(RunPage.summaryTotals(printed));
    assertThat(RunPage.summaryTotals(printed))
        .hasSize(12)
        .containsEntry("scored", (double) HostileRecording.TWEETS);
    double byStage =
        shown.entrySet().stream()
            .filter(e -> e.getKey().startsWith("deadLetters."))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    assertThat(byStage)
        .isEqualTo(shown.get("deadLetters"))
        .isEqualTo(HostileRecording.DEAD_LETTERS);

    assertThat(page.chartHeadings()).containsExactlyInAnyOrderElementsOf(HostileRecording.QUERIES);
    Map<String, List<String>> expectedPanes = new LinkedHashMap<>();
    state.get("queries").forEach(q -> expectedPanes.put(q.get("query").asText(), null));
    assertThat(page.chartPanes().keySet()).containsExactlyElementsOf(expectedPanes.keySet());
    for (JsonNode q : state.get("queries")) {
      List<String> drawn =
          page.chartPanes().get(q.get("query").asText()).stream()
              .filter(java.util.Objects::nonNull)
              .toList();
      List<String> windows = q.get("windows").findValuesAsText("paneTiming");
      assertThat(drawn).as(q.get("query").asText()).isEqualTo(windows);
    }

    // Each window with estimated shares has its two whiskers, at the estimate and its interval.
    int estimated = 0;
    for (JsonNode q : state.get("queries")) {
      List<String> expected = new java.util.ArrayList<>();
      for (JsonNode w : q.get("windows")) {
        JsonNode e = w.get("estimated");
        if (e == null || e.isNull()) {
          continue;
        }
        estimated++;
        for (String label : List.of("negative", "positive")) {
          JsonNode l = e.get(label);
          expected.add(
              "%s %d %d %d"
                  .formatted(
                      label,
                      Math.round(100_000 * l.get("share").asDouble()),
                      Math.round(100_000 * l.get("low").asDouble()),
                      Math.round(100_000 * l.get("high").asDouble())));
        }
      }
      assertThat(page.whiskers().get(q.get("query").asText()))
          .as("whiskers of %s", q.get("query").asText())
          .isEqualTo(expected);
    }
    assertThat(estimated).as("windows with estimated shares").isPositive();

    assertThat(page.tweetTexts()).contains(HostileRecording.SCRIPT_TEXT, HostileRecording.IMG_TEXT);
    assertThat(page.deadLetterPayloads()).contains(HostileRecording.MALFORMED_LINE);
    assertThat(page.elementsInsideTextCells()).isZero();
    assertThat(page.pwned()).isEqualTo("undefined");
  }

  private static int windowCount(JsonNode state) {
    int n = 0;
    for (JsonNode q : state.get("queries")) {
      n += q.get("windows").size();
    }
    return n;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitServing(URI uri, Future<Integer> run) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (run.isDone()) {
        run.get(); // The run ended early: its exception says why.
        throw new AssertionError("the run ended before its page was up");
      }
      try {
        get(uri);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the page never came up at " + uri);
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    return response.body();
  }
}
