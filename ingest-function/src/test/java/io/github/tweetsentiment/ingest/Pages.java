package io.github.tweetsentiment.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Recent-search pages and error bodies for MockWebServer, and the shared real payloads. */
final class Pages {
  /** A read budget no test of other things reaches: X's monthly cap, per day and per month. */
  static final ReadBudget AMPLE_BUDGET =
      new ReadBudget(
          ReadBudget.MONTHLY_POST_CAP,
          ReadBudget.MONTHLY_POST_CAP,
          ReadBudget.MONTHLY_POST_CAP,
          ReadBudget.MONTHLY_POST_CAP);

  static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAtest-token-Zx9";

  /**
   * The poll settings most tests use: the test token, a 40 s time budget, a lookback of an hour,
   * the default gap limits.
   */
  static PollSettings settings(
      String query, HttpUrl api, int maxPages, boolean expandAuthors, ReadBudget budget) {
    return new PollSettings(
        BearerToken.of(TOKEN, "X_BEARER_TOKEN"),
        query,
        api,
        maxPages,
        Duration.ofSeconds(40),
        Duration.ofHours(1),
        expandAuthors,
        PollSettings.GapLimits.DEFAULT,
        budget);
  }

  /** A client of {@code settings}' API that waits and backs off on {@code clock}. */
  static XApiClient client(PollSettings settings, TestClock clock) {
    return new XApiClient(
        new OkHttpClient(),
        settings.apiBaseUrl(),
        settings.token(),
        clock,
        clock,
        RetryPolicy.DEFAULT);
  }

  private Pages() {}

  /** A page of tweets with ids {@code ids} (newest first), each created at 2026-11-25T10:00:0Ns. */
  static String page(String nextToken, String... ids) {
    List<String> tweets = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      tweets.add(
          "{\"id\":\""
              + ids[i]
              + "\",\"text\":\"tweet "
              + ids[i]
              + "\",\"created_at\":\"2026-11-25T10:00:0"
              + (i % 10)
              + ".000Z\",\"lang\":\"en\",\"author_id\":\"42\",\"conversation_id\":\""
              + ids[i]
              + "\",\"public_metrics\":{\"retweet_count\":1,\"reply_count\":0,\"like_count\":3,"
              + "\"quote_count\":0}}");
    }
    String meta =
        "\"meta\":{\"newest_id\":\""
            + ids[0]
            + "\",\"oldest_id\":\""
            + ids[ids.length - 1]
            + "\",\"result_count\":"
            + ids.length
            + (nextToken == null ? "" : ",\"next_token\":\"" + nextToken + "\"")
            + "}";
    return "{\"data\":[" + String.join(",", tweets) + "]," + meta + "}";
  }

  static final String EMPTY = "{\"meta\":{\"result_count\":0}}";

  static MockResponse ok(String body) {
    return json(200, body).build();
  }

  static MockResponse.Builder json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body);
  }

  static MockResponse problem(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/problem+json")
        .body(body)
        .build();
  }

  /** The shared fixtures folder, or a skipped test when {@code ../shared} is absent. */
  static Path sharedFixtures() {
    String dir = System.getProperty("shared.dir", "../shared");
    Path fixtures = Path.of(dir, "fixtures", "twitter-v2");
    assumeTrue(
        Files.isDirectory(fixtures),
        "shared fixtures not found at "
            + fixtures.toAbsolutePath()
            + ": skipping (set -Dshared.dir)");
    return fixtures;
  }

  static String sharedFixture(String name) {
    try {
      return Files.readString(sharedFixtures().resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
