package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.TweetJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
