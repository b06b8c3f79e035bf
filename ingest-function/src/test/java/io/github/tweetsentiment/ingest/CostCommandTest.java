package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cost command against the stand-in API's counts: one request, figures from the counts. */
class CostCommandTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final TestClock clock = api.clock;
  final FakeRecentSearch x = api.serve(new FakeRecentSearch(clock, Pages.TOKEN));
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("X_BEARER_TOKEN", Pages.TOKEN);
    env.put("X_QUERY", "nimbus lang:en");
    env.put("X_API_BASE_URL", api.url().toString());
    env.putAll(extra);
    return CostCommand.run(
        args,
        env,
        clock,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsPostsAndDollarsPerDay_andWhatTheBudgetCuts_fromOneCountsRequest() {
    // 12,000 posts a day for the last two days: 24,000 in 48 hours, counted from 2 minutes in.
    x.post(NOW.minus(Duration.ofDays(2)), Duration.ofDays(2), 24_000);

    int status =
        run(Map.of("X_POSTS_PER_DAY", "5000", "X_POSTS_PER_MONTH", "100000"), "--days", "2");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(x.requestCount()).isEqualTo(1);
    assertThat(x.requests().get(0).encodedPath()).isEqualTo("/2/tweets/counts/recent");
    assertThat(stdout())
        .contains("Per day: 12,000 posts, $60.00")
        .contains("Per 30 days: 359,995 posts, $1,799.97")
        .contains("5,000 posts a day, 100,000 in 30 days, at most $500.00 a month")
        .contains("72 % of the matching posts are left unread")
        .contains("the month's budget is spent after 20.0 days");
  }

  @Test
  void expandedAuthors_addTheUserObjects() {
    x.post(NOW.minus(Duration.ofDays(1)), Duration.ofDays(1), 1_000);

    run(Map.of("X_EXPAND_AUTHORS", "true"), "--days", "1");

    assertThat(stdout()).contains("Per day: 999 posts, $14.99").contains("user object");
  }

  @Test
  void aRefusedToken_isAnErrorWithWhatToFix_andAMissingQueryABadUsage() {
    assertThat(run(Map.of("X_BEARER_TOKEN", "AAAAwrong-token-000000000"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bearer token was refused");

    Map<String, String> noQuery = new HashMap<>();
    noQuery.put("X_QUERY", "");
    assertThat(run(noQuery)).isEqualTo(2);
    assertThat(run(Map.of(), "--days", "9")).isEqualTo(2);
  }
}
