package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.ingest.FakeRecentSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest README's path end to end: record with the record command (its jar, as a user runs it)
 * from a stand-in recent search that answers newest first, then replay the file through the local
 * pipeline. Every tweet lands in the window its created_at falls in; a file in the API's order is
 * replayed with a warning that counts what it made late.
 */
class RecordThenReplayIT {
  private static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAArecord-then-replay";

  @TempDir Path dir;
  MockWebServer server;
  FakeRecentSearch search;

  @BeforeEach
  void start() throws IOException {
    search = new FakeRecentSearch(Clock.systemUTC(), TOKEN);
    server = new MockWebServer();
    server.setDispatcher(search);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRecordingMadeByTheRecordCommand_replaysWithEveryTweetInItsWindow() throws Exception {
    Path recording = dir.resolve("rec/tweets.jsonl");
    Instant now = Instant.now();
    // An hour's lookback with 300 tweets over 50 minutes: three pages, newest first, per poll.
    search.post(now.minus(Duration.ofMinutes(55)), Duration.ofMinutes(50), 300);
    record(recording, "--polls", "1");
    search.post(now.minus(Duration.ofMinutes(4)), Duration.ofMinutes(3), 100);
    record(recording, "--polls", "2", "--interval", "1s");

    List<String> lines = nonBlankLines(recording);
    assertThat(lines).hasSize(400);
    Map<Instant, Integer> tweetsPerMinute = tweetsPerMinute(lines);

    Path out = dir.resolve("out");
    String printed = replay(recording, out);

    assertThat(printed).containsPattern("tweets scored +400\\b");
    assertThat(printed).containsPattern("too late for windows +0\\b");
    assertThat(printed).doesNotContain("out of order");
    assertThat(latestPanes(out)).isEqualTo(tweetsPerMinute);
  }

  @Test
  void aFileInTheApisNewestFirstOrder_isReplayedWithAWarningThatCountsTheLinesOutOfOrder()
      throws Exception {
    Path recording = dir.resolve("tweets.jsonl");
    search.post(Instant.now().minus(Duration.ofMinutes(55)), Duration.ofMinutes(50), 300);
    record(recording, "--polls", "1");
    List<String> newestFirst = new ArrayList<>(nonBlankLines(recording));
    Collections.reverse(newestFirst);
    Files.write(recording, newestFirst, StandardCharsets.UTF_8);

    String printed = replay(recording, dir.resolve("out"));

    assertThat(printed).containsPattern("tweets scored +300\\b");
    assertThat(printed).containsPattern("lines out of order +[1-9][0-9,]*");
    assertThat(printed).containsPattern("too late for windows +[1-9][0-9,]*");
    assertThat(printed)
        .contains("sort the file by created_at")
        .contains("--replayWatermarkLagSeconds");
  }

  private void record(Path recording, String... args) throws Exception {
    Path jar = Path.of(System.getProperty("ingest.jar", "../ingest-function/target/deploy/x.jar"));
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci) {
      assumeTrue(
          Files.isRegularFile(jar),
          "the record command's jar is not built at "
              + jar
              + ": skipping (./mvnw -pl ingest-function -am package first)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.toString(), "--out", recording.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("X_BEARER_TOKEN", TOKEN);
    env.put("X_QUERY", "cats");
    env.put("X_API_BASE_URL", server.url("/").toString());
    env.put("X_LOOKBACK", "1h");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static String replay(Path recording, Path out) {
    ConsoleRun run =
        ConsoleRun.of(
            "--input=" + recording, "--outputDir=" + out, "--model=fast", "--progressSeconds=0");
    assertThat(run.exit()).as(run.printed()).isZero();
    System.out.println(run.printed()); // The summary, for the build log.
    return run.printed();
  }

  private static List<String> nonBlankLines(Path f) throws IOException {
    return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
  }

  /** How many tweets of the recording were created in each one-minute window, by its start. */
  private static Map<Instant, Integer> tweetsPerMinute(List<String> lines) throws IOException {
    Map<Instant, Integer> counts = new TreeMap<>();
    for (String line : lines) {
      String createdAt = TweetJson.mapper().readTree(line).path("data").path("created_at").asText();
      Instant minute = Instant.parse(createdAt).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      counts.merge(minute, 1, Integer::sum);
    }
    return counts;
  }

  /** Each window's tweet count in its latest pane (highest pane_index), by window start. */
  private static Map<Instant, Integer> latestPanes(Path out) throws IOException {
    Map<Instant, JsonNode> latest = new HashMap<>();
    for (JsonNode row : OutputRows.of(out, "sentiment_windows")) {
      assertThat(row.get("query").asText()).isEqualTo("cats");
      Instant start = Instant.parse(row.get("window_start").asText());
      latest.merge(
          start,
          row,
          (a, b) -> a.get("pane_index").asLong() >= b.get("pane_index").asLong() ? a : b);
    }
    Map<Instant, Integer> counts = new TreeMap<>();
    latest.forEach((start, row) -> counts.put(start, row.get("tweet_count").asInt()));
    return counts;
  }
}
