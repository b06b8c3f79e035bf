package io.github.tweetsentiment.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * What one poll of the X API recent search needs: shared by the Cloud Function and the record
 * command.
 *
 * @param token the app-only bearer token ({@code X_BEARER_TOKEN})
 * @param query the recent-search query ({@code X_QUERY})
 * @param apiBaseUrl scheme, host and port of the API ({@code X_API_BASE_URL})
 * @param maxPages how many pages of 100 one run may read at most ({@code X_MAX_PAGES})
 * @param timeBudget how long one run may spend polling, retries included ({@code
 *     INGEST_TIME_BUDGET})
 * @param lookback how far back the first run (no checkpoint yet) starts ({@code X_LOOKBACK})
 * @param expandAuthors whether to request {@code expansions=author_id} ({@code X_EXPAND_AUTHORS})
 * @param gapLimits how many gaps of unread tweets the checkpoint keeps, and for how long
 * @param budget how many posts and user objects may be read per UTC day and month
 */
public record PollSettings(
    BearerToken token,
    String query,
    HttpUrl apiBaseUrl,
    int maxPages,
    Duration timeBudget,
    Duration lookback,
    boolean expandAuthors,
    GapLimits gapLimits,
    ReadBudget budget) {

  public static final String DEFAULT_API_BASE_URL = "https://api.x.com";
  public static final int DEFAULT_MAX_PAGES = 10;
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(40);
  public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

  /** Recent search covers the last seven days; older start times are rejected by the API. */
  public static final Duration MAX_LOOKBACK = Duration.ofDays(7);

  /** Pub/Sub limits an attribute value, and the query travels as one, to 1024 bytes. */
  static final int MAX_QUERY_BYTES = 1024;

  public PollSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(timeBudget, "timeBudget");
    Objects.requireNonNull(lookback, "lookback");
    Objects.requireNonNull(gapLimits, "gapLimits");
    Objects.requireNonNull(budget, "budget");
  }

  /**
   * Bounds on the {@link Gap}s a checkpoint keeps: beyond them a gap is given up, with a warning.
   *
   * @param maxGaps how many gaps at most ({@code X_MAX_GAPS}); a new one beyond it gives up the
   *     oldest
   * @param maxAge how old their tweets may be ({@code X_GAP_MAX_AGE}), at most recent search's 7
   *     days
   */
  public record GapLimits(int maxGaps, Duration maxAge) {
    public static final GapLimits DEFAULT = new GapLimits(20, MAX_LOOKBACK);

    public GapLimits {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxGaps < 1) {
        throw new IllegalArgumentException("maxGaps must be >= 1, got " + maxGaps);
      }
    }
  }

  /** Reads the settings from environment variables; errors name the variable to fix. */
  public static PollSettings fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment);
    BearerToken token = BearerToken.of(env.raw("X_BEARER_TOKEN"), "X_BEARER_TOKEN");
    String query =
        env.require(
            "X_QUERY",
            "set it to an X API v2 search query, such as '(cats OR dogs) lang:en -is:retweet'");
    int bytes = query.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_QUERY_BYTES) {
      throw new ConfigException(
          "X_QUERY",
          "is "
              + bytes
              + " bytes long; at most "
              + MAX_QUERY_BYTES
              + " fit in the Pub/Sub attribute 'query'");
    }
    String base = env.get("X_API_BASE_URL", DEFAULT_API_BASE_URL);
    HttpUrl url = HttpUrl.parse(base);
    if (url == null) {
      throw new ConfigException(
          "X_API_BASE_URL", "must be an http(s) URL such as https://api.x.com, got '" + base + "'");
    }
    return new PollSettings(
        token,
        query,
        url,
        env.intIn("X_MAX_PAGES", DEFAULT_MAX_PAGES, 1, 100),
        env.durationIn(
            "INGEST_TIME_BUDGET",
            DEFAULT_TIME_BUDGET,
            Duration.ofSeconds(1),
            Duration.ofMinutes(59)),
        env.durationIn("X_LOOKBACK", DEFAULT_LOOKBACK, Duration.ofMinutes(1), MAX_LOOKBACK),
        env.bool("X_EXPAND_AUTHORS", false),
        new GapLimits(
            env.intIn("X_MAX_GAPS", GapLimits.DEFAULT.maxGaps(), 1, 100),
            env.durationIn(
                "X_GAP_MAX_AGE", GapLimits.DEFAULT.maxAge(), Duration.ofMinutes(1), MAX_LOOKBACK)),
        new ReadBudget(
            env.intIn("X_POSTS_PER_DAY", (int) ReadBudget.DEFAULT.postsPerDay(), 0, CAP),
            env.intIn("X_POSTS_PER_MONTH", (int) ReadBudget.DEFAULT.postsPerMonth(), 0, CAP),
            env.intIn("X_USERS_PER_DAY", (int) ReadBudget.DEFAULT.usersPerDay(), 0, CAP),
            env.intIn("X_USERS_PER_MONTH", (int) ReadBudget.DEFAULT.usersPerMonth(), 0, CAP)));
  }

  private static final int CAP = (int) ReadBudget.MONTHLY_POST_CAP;

  /** A one-line description for the start-up log: everything but the token. */
  public String describe() {
    return "query='"
        + query
        + "' api="
        + apiBaseUrl
        + " maxPages="
        + maxPages
        + " timeBudget="
        + Env.format(timeBudget)
        + " lookback="
        + Env.format(lookback)
        + " expandAuthors="
        + expandAuthors
        + " maxGaps="
        + gapLimits.maxGaps()
        + " gapMaxAge="
        + Env.format(gapLimits.maxAge())
        + " budget=["
        + budget
        + "]";
  }

  @Override
  public String toString() {
    return "PollSettings[" + describe() + "]";
  }
}
