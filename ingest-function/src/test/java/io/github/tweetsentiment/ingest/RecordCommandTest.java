package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordCommandTest {
  // Recent ids relative to the real clock the command uses: one base per test, so that ids made
  // in different milliseconds still order by their offsets.
  final long idBase = (System.currentTimeMillis() - 60_000 - 1288834974657L) << 22;

  String recentId(int offset) {
    return Long.toString(idBase + offset);
  }

  @TempDir Path dir;
  MockWebServer server;
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Map<String, String> env() {
    return Map.of(
        "X_BEARER_TOKEN",
        Pages.TOKEN,
        "X_QUERY",
        "cats",
        "X_API_BASE_URL",
        server.url("/").toString());
  }

  int run(String... args) {
    return RecordCommand.run(args, env(), sleeps::add, Clock.systemUTC(), out, err);
  }

  @Test
  void run_appendsOneEnvelopePerLineAndContinuesFromItsCheckpoint() throws Exception {
    String a = recentId(300);
    String b = recentId(200);
    String c = recentId(100);
    Path out = dir.resolve("rec/tweets.jsonl");
    server.enqueue(Pages.ok(Pages.page(null, b, c)));
    server.enqueue(Pages.ok(Pages.page(null, a)));

    int status = run("--out", out.toString(), "--polls", "2", "--interval", "5s");

    assertThat(status).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .extracting(l -> TweetJson.readEnvelope(l).tweets().get(0).id())
        .containsExactly(b, c, a);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
    server.takeRequest();
    HttpUrl second = server.takeRequest().getUrl();
    assertThat(second.queryParameter("since_id")).isEqualTo(b);
    assertThat(Files.readString(dir.resolve("rec/tweets.jsonl.checkpoint.json"))).contains(a);

    // A later invocation appends, and starts from the checkpoint file.
    server.enqueue(Pages.ok(Pages.EMPTY));
    assertThat(run("--out", out.toString())).isZero();
    assertThat(server.takeRequest().getUrl().queryParameter("since_id")).isEqualTo(a);
    assertThat(Files.readAllLines(out)).hasSize(3);
  }

  /** One line of a recording: the tweet's id and creation time. */
  record Line(String id, Instant createdAt) {}

  static List<Line> read(Path file) throws Exception {
    List<Line> lines = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      Tweet t = TweetJson.readEnvelope(l).tweets().get(0);
      lines.add(new Line(t.id(), t.createdAt()));
    }
    return lines;
  }

  static boolean inTimeOrder(List<Line> lines) {
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).createdAt().isBefore(lines.get(i - 1).createdAt())) {
        return false;
      }
    }
    return true;
  }

  String stdout() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  // The record tests' stand-in recent search, on the real clock that the command reads.
  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  final FakeRecentSearch x = new FakeRecentSearch(Clock.systemUTC(), Pages.TOKEN);

  /**
   * Records {@code polls} polls from {@link #x} to {@code file}; between polls (in place of the
   * pause) it notes how many lines the file has and runs {@code between}.
   */
  int record(Path file, int polls, Map<String, String> extraEnv, Runnable between)
      throws Exception {
    server.setDispatcher(x);
    Map<String, String> env = new HashMap<>(env());
    env.putAll(extraEnv);
    Sleeper sleeper =
        d -> {
          sleeps.add(d);
          try {
            linesAfterPoll.add(Files.readAllLines(file).size());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          between.run();
        };
    return RecordCommand.run(
        new String[] {"--out", file.toString(), "--polls", Integer.toString(polls)},
        env,
        sleeper,
        Clock.systemUTC(),
        out,
        err);
  }

  final List<Integer> linesAfterPoll = new ArrayList<>();

  @Test
  void record_writesEachPollOldestFirstSoTheRecordingIsAStreamInTimeOrder() throws Exception {
    // 300 tweets over three quarters of an hour, inside the default lookback of an hour; then 40
    // new ones a minute, as if each poll came a minute after the last.
    x.post(now.minus(Duration.ofMinutes(50)), Duration.ofMinutes(45), 300);
    int[] minute = {0};
    Runnable nextMinute =
        () -> x.post(now.minus(Duration.ofMinutes(5 - minute[0]++)), Duration.ofMinutes(1), 40);
    Path file = dir.resolve("tweets.jsonl");

    assertThat(record(file, 3, Map.of(), nextMinute)).isZero();

    List<Line> lines = read(file);
    assertThat(lines).extracting(Line::id).containsExactlyElementsOf(x.idsCreatedBy(now));
    assertThat(inTimeOrder(lines)).isTrue();
    assertThat(linesAfterPoll).containsExactly(300, 340);
    assertThat(x.servedIds()).doesNotHaveDuplicates().hasSize(380);
    assertThat(stdout())
        .contains("Recording 'cats' to " + file + ": 3 poll(s), 1m apart")
        .contains("No checkpoint yet: the first poll reads back 1h (X_LOOKBACK)")
        .containsPattern("Poll 1/3: 300 tweet\\(s\\) from 3 page\\(s\\), created \\S+ to \\S+ UTC")
        .contains("(reaching 50 min back)")
        .containsPattern("Next poll at \\d\\d:\\d\\d:\\d\\d UTC \\(in 60 s\\)")
        .contains("Poll 2/3: 40 tweet(s) from 1 page(s)")
        .contains("Done: 380 tweet(s) from 3 poll(s) appended to " + file)
        .doesNotContain("\"severity\"");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  @Test
  void record_aPollCutShortLeavesAGapThatTheNextPollAppendsOldestFirst() throws Exception {
    x.post(now.minus(Duration.ofMinutes(50)), Duration.ofMinutes(45), 300);
    Path file = dir.resolve("tweets.jsonl");

    int status =
        record(
            file,
            2,
            Map.of("X_MAX_PAGES", "2"),
            () -> x.post(now.minus(Duration.ofMinutes(5)), Duration.ofMinutes(1), 40));

    assertThat(status).isZero();
    List<Line> lines = read(file);
    // Every tweet once, each poll in time order; only the gap's tweets, read by the second poll,
    // are older than lines the first poll wrote: the one step back in the file.
    assertThat(lines).extracting(Line::id).containsExactlyInAnyOrderElementsOf(x.idsCreatedBy(now));
    assertThat(linesAfterPoll).containsExactly(200);
    assertThat(inTimeOrder(lines.subList(0, 200))).isTrue();
    assertThat(inTimeOrder(lines.subList(200, lines.size()))).isTrue();
    assertThat(lines.get(200).createdAt()).isBefore(lines.get(0).createdAt());
    assertThat(lines.subList(200, 300))
        .allSatisfy(l -> assertThat(l.createdAt()).isBefore(lines.get(0).createdAt()));
    assertThat(lines.subList(300, 340))
        .allSatisfy(l -> assertThat(l.createdAt()).isAfter(lines.get(199).createdAt()));
    assertThat(stdout())
        .contains("Poll 1/2: 200 tweet(s) from 2 page(s)")
        .contains("stopped at X_MAX_PAGES; 1 gap(s) left for later polls")
        .contains("Poll 2/2: 140 tweet(s) from 2 page(s) (1 in gaps)");
  }

  @Test
  void record_rateLimitWaitsForTheResetAndSaysSo() throws Exception {
    x.post(now.minus(Duration.ofMinutes(30)), Duration.ofMinutes(25), 150);
    x.fail(2, FakeRecentSearch.tooManyRequests(now.plus(Duration.ofMinutes(10))));
    Path file = dir.resolve("tweets.jsonl");

    assertThat(record(file, 2, Map.of(), () -> {})).isZero();

    assertThat(sleeps)
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10)));
    assertThat(read(file)).hasSize(100);
    assertThat(stdout())
        .containsPattern(
            "Poll 1/2: 100 tweet\\(s\\) .*; rate limited until \\d\\d:\\d\\d:\\d\\d UTC")
        .containsPattern(
            "Waiting for the X API rate limit to reset: next poll at \\d\\d:\\d\\d:\\d\\d UTC"
                + " \\(in (9|10) min\\)");
  }

  @Test
  void record_stopsAtTheReadBudget_insteadOfWaitingForTheNextDay() throws Exception {
    x.post(now.minus(Duration.ofMinutes(30)), Duration.ofMinutes(25), 300);
    Path file = dir.resolve("tweets.jsonl");

    assertThat(record(file, 5, Map.of("X_POSTS_PER_DAY", "150"), () -> {})).isZero();

    assertThat(read(file)).hasSize(150);
    assertThat(sleeps).isEmpty();
    assertThat(stdout())
        .containsPattern("Poll 1/5: 150 tweet\\(s\\) .*read budget spent")
        .contains("Stopping: the X API read budget is spent until")
        .contains("Done: 150 tweet(s) from 1 poll(s)");
  }

  @Test
  void human_saysDurationsTheWayAPersonWould() {
    assertThat(RecordProgress.human(Duration.ofSeconds(45))).isEqualTo("45 s");
    assertThat(RecordProgress.human(Duration.ofMinutes(50))).isEqualTo("50 min");
    assertThat(RecordProgress.human(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
    assertThat(RecordProgress.human(Duration.ofHours(52))).isEqualTo("2 d 4 h");
  }

  String stderr() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_helpListsEveryOptionAndTheEnvironmentAndExits0() {
    assertThat(run("--help")).isZero();

    assertThat(outBytes.toString(StandardCharsets.UTF_8))
        .contains("Usage: record")
        .contains("--out=FILE")
        .contains("--polls=N")
        .contains("--interval=DURATION")
        .contains("--checkpoint=FILE")
        .contains("X_BEARER_TOKEN")
        .contains("Exit status");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void run_missingOutIsAUsageError() {
    assertThat(run("--polls", "2")).isEqualTo(2);
    assertThat(stderr()).contains("Missing required option: '--out=FILE'").contains("Usage:");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--polls    | zero | '--polls'",
        "--polls    | 0    | --polls must be a whole number of at least 1, got 0",
        "--interval | soon | --interval: must be a duration such as 45s",
        "--interval | PT-5S | --interval must not be negative",
        "--color    | red  | Unknown options: '--color', 'red'",
      })
  void run_badOptionIsAUsageErrorThatSaysWhy(String option, String value, String message) {
    assertThat(run("--out", dir.resolve("t.jsonl").toString(), option, value)).isEqualTo(2);

    assertThat(stderr()).contains(message).contains("Usage:");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void run_missingTokenNamesTheVariable() {
    int status =
        RecordCommand.run(
            new String[] {"--out", dir.resolve("t.jsonl").toString()},
            Map.of("X_QUERY", "cats"),
            sleeps::add,
            Clock.systemUTC(),
            out,
            err);

    assertThat(status).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("X_BEARER_TOKEN: missing");
  }

  @Test
  void run_apiRefusalExitsWith1AndTheGuidance() {
    server.enqueue(Pages.problem(403, "{\"title\":\"Client Forbidden\"}"));

    int status = run("--out", dir.resolve("t.jsonl").toString());

    assertThat(status).isEqualTo(1);
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .contains("403")
        .doesNotContain(Pages.TOKEN);
  }
}
