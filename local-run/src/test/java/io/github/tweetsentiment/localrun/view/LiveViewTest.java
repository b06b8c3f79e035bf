package io.github.tweetsentiment.localrun.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.localrun.view.ViewState.Status;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view's state, report and latest-windows file, from output files the tests write. */
class LiveViewTest {

  @TempDir Path output;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private LiveView view() {
    return LiveView.start(
        new LiveView.Settings(0, output, "test.jsonl", "fast"),
        new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  static String window(
      String query, String start, int paneIndex, String timing, int neg, int neu, int pos) {
    return ViewJson.write(
        Map.ofEntries(
            Map.entry("window_start", start),
            Map.entry("window_end", start.replace(":00.000Z", ":59.999Z")),
            Map.entry("query", query),
            Map.entry("tweet_count", neg + neu + pos),
            Map.entry("negative_count", neg),
            Map.entry("neutral_count", neu),
            Map.entry("positive_count", pos),
            Map.entry("mean_score", 0.8),
            Map.entry("mean_polarity", 0.1),
            Map.entry("pane_timing", timing),
            Map.entry("pane_index", paneIndex),
            Map.entry("is_final", false),
            Map.entry("last_update", "2026-11-25T10:00:0" + paneIndex + ".000Z")));
  }

  static String scored(String id, String text, String label) {
    return ViewJson.write(
        Map.ofEntries(
            Map.entry("tweet_id", id),
            Map.entry("text", text),
            Map.entry("created_at", "2026-11-24T18:01:02.000Z"),
            Map.entry("query", "q"),
            Map.entry("author_username", "dana"),
            Map.entry("label", label),
            Map.entry("prob_negative", 0.1),
            Map.entry("prob_neutral", 0.2),
            Map.entry("prob_positive", 0.7),
            Map.entry("model", "fast"),
            Map.entry("model_version", "2026-11-25")));
  }

  private void append(String file, String... lines) throws IOException {
    Files.writeString(
        output.resolve(file),
        String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  @Test
  void aRunWithZeroTweets_hasZeroTotals_noWindows_andNoRateThatIsNotANumber() {
    try (LiveView view = view()) {
      view.pipelineStarted(() -> Metrics.NONE, System.nanoTime());
      view.finish(Status.FINISHED, null, 0.0);

      ViewState s = view.state();
      assertThat(s.job().status()).isEqualTo(Status.FINISHED);
      assertThat(s.job().error()).isNull();
      assertThat(s.job().modelVersion()).isNull();
      assertThat(s.totals().read()).isZero();
      assertThat(s.totals().scored()).isZero();
      assertThat(s.totals().tweetsPerSecond()).isZero();
      assertThat(s.totals().tweetsPerSecondNow()).isZero();
      assertThat(s.totals().deadLettersByStage()).isEmpty();
      assertThat(s.queries()).isEmpty();
      assertThat(s.latestTweets()).isEmpty();
      assertThat(ViewJson.write(s)).contains("\"status\":\"finished\"").doesNotContain("NaN");
    }
  }

  @Test
  void eachWindow_isShownAtItsLatestPane_whateverTheOrderTheFilesAreReadIn() throws IOException {
    // The view first: files already there belong to earlier runs.
    try (LiveView view = view()) {
      append(
          "sentiment_windows-aaaa.ndjson",
          window("q", "2026-11-24T18:01:00.000Z", 2, "LATE", 2, 1, 1),
          window("q", "2026-11-24T18:00:00.000Z", 0, "ON_TIME", 1, 0, 0));
      append(
          "sentiment_windows-bbbb.ndjson",
          window("q", "2026-11-24T18:01:00.000Z", 0, "EARLY", 1, 0, 0),
          window("q", "2026-11-24T18:01:00.000Z", 1, "ON_TIME", 1, 1, 1),
          window("r", "2026-11-24T18:00:00.000Z", 0, "EARLY", 0, 0, 3));
      view.finish(Status.FINISHED, null, 1.0);

      List<ViewState.QuerySeries> queries = view.state().queries();
      assertThat(queries).extracting(ViewState.QuerySeries::query).containsExactly("q", "r");
      assertThat(queries.get(0).windows())
          .extracting(w -> w.windowStart() + " " + w.paneTiming() + " " + w.tweets())
          .containsExactly("2026-11-24T18:00:00.000Z ON_TIME 1", "2026-11-24T18:01:00.000Z LATE 4");
      assertThat(queries.get(1).windows())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.paneTiming()).isEqualTo("EARLY");
                assertThat(w.positive()).isEqualTo(3);
              });
    }
  }

  @Test
  void filesOfEarlierRuns_areLeftOut_andAHalfWrittenLineWaitsForItsEnd() throws IOException {
    append("scored_tweets-old.ndjson", scored("1", "from an earlier run", "neutral"));
    try (LiveView view = view()) {
      Files.writeString(
          output.resolve("scored_tweets-new.ndjson"),
          scored("2", "whole", "positive")
              + "\n"
              + scored("3", "half", "negative").substring(0, 20),
          StandardCharsets.UTF_8);
      view.refresh();
      assertThat(view.state().latestTweets())
          .extracting(ViewState.TweetItem::tweetId)
          .containsExactly("2");

      append("scored_tweets-new.ndjson", scored("3", "half", "negative").substring(20));
      view.refresh();
      assertThat(view.state().latestTweets())
          .extracting(ViewState.TweetItem::tweetId)
          .containsExactly("3", "2");
      assertThat(view.state().job().modelVersion()).isEqualTo("2026-11-25");
      assertThat(view.state().latestTweets().get(1).probabilities())
          .containsEntry("positive", 0.7)
          .containsEntry("negative", 0.1);
    }
  }

  @Test
  void totals_comeFromTheCounters_andDeadLettersPerStageFromTheirRows() throws IOException {
    // The view first: files already there belong to earlier runs.
    try (LiveView view = view()) {
      append(
          "dead_letter-x.ndjson",
          ViewJson.write(
              Map.of(
                  "failed_at",
                  "2026-11-25T10:00:00.000Z",
                  "stage",
                  "parse",
                  "error_type",
                  "TweetFormatException",
                  "error_message",
                  "data.id: missing",
                  "payload_string",
                  "{}")),
          ViewJson.write(
              Map.of(
                  "failed_at",
                  "2026-11-25T10:00:01.000Z",
                  "stage",
                  "score",
                  "payload_string",
                  "x".repeat(1000))));
      Map<String, Long> counters =
          Map.of(
              PipelineMetrics.MESSAGES_READ,
              10L,
              PipelineMetrics.TWEETS_SCORED,
              8L,
              PipelineMetrics.TWEETS_WINDOWED,
              7L,
              PipelineMetrics.DEAD_LETTERS,
              2L,
              "scored_positive",
              5L);
      view.pipelineStarted(() -> name -> counters.getOrDefault(name, 0L), System.nanoTime());
      view.finish(Status.FINISHED, null, 4.0);

      ViewState.Totals t = view.state().totals();
      assertThat(t.read()).isEqualTo(10);
      assertThat(t.scored()).isEqualTo(8);
      assertThat(t.positive()).isEqualTo(5);
      assertThat(t.tooLateForWindows()).isEqualTo(1);
      assertThat(t.tweetsPerSecond()).isEqualTo(2.0);
      assertThat(t.deadLettersByStage())
          .containsExactly(Map.entry("parse", 1L), Map.entry("score", 1L));
      assertThat(view.state().latestDeadLetters().get(0).payload()).hasSize(301).endsWith("…");
      assertThat(view.state().latestDeadLetters().get(1).errorMessage())
          .isEqualTo("data.id: missing");
    }
  }

  @Test
  void withBigQueryOutput_thereAreNoFilesToRead_andNoReport() {
    try (LiveView view =
        LiveView.start(
            new LiveView.Settings(0, null, "Pub/Sub subscription s", "accurate"),
            new PrintStream(console, true, StandardCharsets.UTF_8))) {
      view.finish(Status.FINISHED, null, 1.0);
      view.writeReport();

      assertThat(view.state().windowsShown()).isFalse();
      assertThat(view.state().job().output()).isEqualTo("BigQuery");
      assertThat(view.state().job().report()).isNull();
      assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("Report");
    }
  }

  @Test
  void aFailedRun_saysSo_withTheRootCause() {
    try (LiveView view = view()) {
      view.finish(
          Status.FAILED,
          new RuntimeException("wrapper", new IllegalStateException("disk full")),
          2.5);

      assertThat(view.state().job().status()).isEqualTo(Status.FAILED);
      assertThat(view.state().job().error()).isEqualTo("IllegalStateException: disk full");
      assertThat(view.state().job().elapsedSeconds()).isEqualTo(2.5);
    }
  }

  @Test
  void theReport_isSelfContained_andTheLatestWindowsFileHasOneRowPerWindowAndQuery()
      throws IOException {
    // The view first: files already there belong to earlier runs.
    try (LiveView view = view()) {
      append(
          "sentiment_windows-a.ndjson",
          window("q", "2026-11-24T18:01:00.000Z", 0, "EARLY", 1, 0, 0),
          window("q", "2026-11-24T18:01:00.000Z", 1, "ON_TIME", 1, 1, 0),
          window("q", "2026-11-24T18:00:00.000Z", 0, "ON_TIME", 0, 0, 1));
      append(
          "scored_tweets-a.ndjson",
          scored("9", HostileRecording.SCRIPT_TEXT + " <!-- & ]]>", "neutral"));
      view.finish(Status.FINISHED, null, 1.0);
      view.writeReport();
    }

    List<JsonNode> latest =
        Files.readAllLines(output.resolve(LiveView.LATEST_WINDOWS)).stream()
            .map(LiveViewTest::tree)
            .toList();
    assertThat(latest)
        .extracting(r -> r.get("window_start").asText() + " " + r.get("pane_index").asInt())
        .containsExactly("2026-11-24T18:00:00.000Z 0", "2026-11-24T18:01:00.000Z 1");
    assertThat(latest.get(1).get("neutral_count").asInt()).isEqualTo(1);

    String report = Files.readString(output.resolve(LiveView.REPORT));
    assertThat(report)
        .contains("<script id=\"run-data\" type=\"application/json\">")
        .contains("Content-Security-Policy")
        .contains("'sha256-")
        // Nothing to load: no address but data: ones.
        .doesNotContainPattern("(src|href)=\"(?!data:)")
        .doesNotContain("<script>window.__pwned")
        .doesNotContain("<!-- & ]]>");
    // The tweet, escaped inside the inlined JSON, reads back as it was.
    String json =
        report.substring(
            report.indexOf("application/json\">") + "application/json\">".length(),
            report.indexOf("</script>", report.indexOf("run-data")));
    assertThat(tree(json).at("/latestTweets/0/text").asText())
        .isEqualTo(HostileRecording.SCRIPT_TEXT + " <!-- & ]]>");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("Report: ");
  }

  private static JsonNode tree(String json) {
    try {
      return ViewJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(json, e);
    }
  }
}
