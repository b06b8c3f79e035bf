package io.github.tweetsentiment.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Envelope;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetFormatException;
import io.github.tweetsentiment.core.TweetJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the X API v2 recent search ({@code GET /2/tweets/search/recent}) on OkHttp and
 * Jackson. Thread-safe; build one per process and share it.
 *
 * <p>It fetches one page per {@link #search} call, retrying 5xx responses, I/O failures and
 * truncated bodies with exponential backoff while the caller's deadline allows. Everything else is
 * raised at once as an {@link XApiException} whose message tells the operator what to do.
 *
 * <p>Over 400 lines on purpose: the request, the retries and the mapping of each X API error and
 * rate-limit header to what the operator should do are one contract, tested as one ({@code
 * XApiContractTest}).
 */
public final class XApiClient {
  /**
   * The tweet fields every request asks for: what the pipeline reads. {@code note_tweet} carries a
   * long post's whole text, which {@code text} cuts at 280 characters.
   */
  public static final String TWEET_FIELDS =
      "created_at,lang,author_id,conversation_id,referenced_tweets,public_metrics,entities,"
          + "note_tweet";

  /** Cap on one HTTP call, so a hung connection cannot eat the whole budget in one go. */
  static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(20);

  /** When a 429 carries no reset header: the length of X's rate-limit window. */
  static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(XApiClient.class);
  private static final int MAX_ERROR_BODY = 16 * 1024;

  private final OkHttpClient http;
  private final HttpUrl searchUrl;
  private final HttpUrl countsUrl;
  private final BearerToken token;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RetryPolicy retry;

  public XApiClient(
      OkHttpClient http,
      HttpUrl baseUrl,
      BearerToken token,
      Clock clock,
      Sleeper sleeper,
      RetryPolicy retry) {
    this.http = Objects.requireNonNull(http, "http");
    this.searchUrl =
        Objects.requireNonNull(baseUrl, "baseUrl")
            .newBuilder()
            .addPathSegments("2/tweets/search/recent")
            .build();
    this.countsUrl = baseUrl.newBuilder().addPathSegments("2/tweets/counts/recent").build();
    this.token = Objects.requireNonNull(token, "token");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /** A client with production timeouts, the system clock and the default retry policy. */
  public static XApiClient create(PollSettings settings) {
    return create(settings, Clock.systemUTC());
  }

  /** As {@link #create(PollSettings)}, with deadlines read on {@code clock}. */
  static XApiClient create(PollSettings settings, Clock clock) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(15, TimeUnit.SECONDS)
            // After a minute's idle the pooled connection is often stale: OkHttp retries the GET
            // on a fresh one at once, within the call timeout (decision 0033).
            .retryOnConnectionFailure(true)
            .build();
    return new XApiClient(
        http, settings.apiBaseUrl(), settings.token(), clock, Sleeper.SYSTEM, RetryPolicy.DEFAULT);
  }

  /** The URL of one page request; the token travels in a header, never in the URL. */
  HttpUrl url(SearchRequest request) {
    HttpUrl.Builder url =
        searchUrl
            .newBuilder()
            .addQueryParameter("query", request.query())
            .addQueryParameter("max_results", Integer.toString(request.maxResults()))
            // Newest first, which the checkpoint's paging (since_id, gaps below the oldest id
            // read) assumes; pinned rather than left to the API's default.
            .addQueryParameter("sort_order", "recency")
            .addQueryParameter("tweet.fields", TWEET_FIELDS);
    if (request.expandAuthors()) {
      url.addQueryParameter("expansions", "author_id");
    }
    if (request.sinceId() != null) {
      url.addQueryParameter("since_id", request.sinceId());
    } else if (request.startTime() != null) {
      url.addQueryParameter("start_time", TweetJson.formatTimestamp(request.startTime()));
    }
    if (request.untilId() != null) {
      url.addQueryParameter("until_id", request.untilId());
    }
    if (request.nextToken() != null) {
      url.addQueryParameter("next_token", request.nextToken());
    }
    return url.build();
  }

  /**
   * Fetches one page, retrying transient failures until {@code deadline}.
   *
   * @throws XApiException when the API refuses the request, or transient failures outlast the
   *     retries or the deadline
   * @throws InterruptedException when interrupted while backing off
   */
  public SearchPage search(SearchRequest request, Instant deadline) throws InterruptedException {
    HttpUrl url = url(request);
    return withRetries(() -> fetch(url, deadline, XApiClient::parsePage), deadline);
  }

  /**
   * How many posts match {@code query} per UTC day from {@code startTime} on ({@code GET
   * /2/tweets/counts/recent?granularity=day}, within recent search's 7 days): one request, which X
   * bills, and no post read. Retries as {@link #search} does.
   */
  public List<DayCount> countsPerDay(String query, Instant startTime, Instant deadline)
      throws InterruptedException {
    HttpUrl url =
        countsUrl
            .newBuilder()
            .addQueryParameter("query", query)
            .addQueryParameter("granularity", "day")
            .addQueryParameter("start_time", TweetJson.formatTimestamp(startTime))
            .build();
    return withRetries(() -> fetch(url, deadline, XApiClient::parseCounts), deadline);
  }

  /**
   * The posts matching a query in one interval of a counts answer.
   *
   * @param start the interval's start
   * @param end its end (exclusive)
   * @param posts {@code tweet_count}
   */
  public record DayCount(Instant start, Instant end, long posts) {}

  /** Parses a counts answer: {@code data} of {@code start}, {@code end}, {@code tweet_count}. */
  static List<DayCount> parseCounts(byte[] body, RateLimit rateLimit) {
    JsonNode root;
    try {
      root = TweetJson.mapper().readTree(body);
    } catch (IOException e) {
      throw XApiException.malformed(
          "X API sent a counts answer that is not valid JSON: " + e.getMessage(), rateLimit, e);
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      if (root != null && root.path("meta").path("total_tweet_count").asLong(-1) == 0) {
        return List.of();
      }
      throw XApiException.unexpected(
          "X API sent a 200 that is not a counts answer: no data array", rateLimit, null);
    }
    List<DayCount> days = new java.util.ArrayList<>();
    for (JsonNode d : data) {
      try {
        days.add(
            new DayCount(
                TweetJson.parseTimestamp(text(d, "start"), "data[].start"),
                TweetJson.parseTimestamp(text(d, "end"), "data[].end"),
                d.path("tweet_count").asLong()));
      } catch (TweetFormatException e) {
        throw XApiException.unexpected(
            "X API sent a counts answer with " + e.getMessage(), rateLimit, e);
      }
    }
    return days;
  }

  /** A call that may fail with an {@link XApiException}. */
  private interface ApiCall<T> {
    T call();
  }

  /** Parses a 200 body. */
  private interface BodyParser<T> {
    T parse(byte[] body, RateLimit rateLimit);
  }

  private <T> T withRetries(ApiCall<T> call, Instant deadline) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (XApiException e) {
        if (!e.retryable()) {
          throw e;
        }
        if (attempt >= retry.maxAttempts()) {
          throw e.withNote("gave up after " + attempt + " attempts");
        }
        Duration pause = jitter(retry.backoff(attempt));
        Instant now = clock.instant();
        if (!now.plus(pause).isBefore(deadline)) {
          throw e.withNote("gave up after " + attempt + " attempt(s): time budget spent");
        }
        LOG.atWarn()
            .addKeyValue("attempt", attempt)
            .addKeyValue("backoff_ms", pause.toMillis())
            .addKeyValue("status", e.status())
            .log("X API call failed, retrying: {}", e.getMessage());
        sleeper.sleep(pause);
      }
    }
  }

  private <T> T fetch(HttpUrl url, Instant deadline, BodyParser<T> parser) {
    Duration left = Duration.between(clock.instant(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw XApiException.network("time budget spent before the call", null);
    }
    Request httpRequest =
        new Request.Builder()
            .url(url)
            .header("Authorization", token.authorizationHeader())
            .header("Accept", "application/json")
            .header("User-Agent", "tweet-sentiment-ingest/1")
            .get()
            .build();
    Call call = http.newCall(httpRequest);
    call.timeout()
        .timeout(
            Math.max(1, Math.min(left.toMillis(), MAX_CALL_TIMEOUT.toMillis())),
            TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      RateLimit rateLimit = RateLimit.from(response.headers());
      if (response.code() == 200) {
        return parser.parse(bodyBytes(response.body()), rateLimit);
      }
      throw failure(response, rateLimit);
    } catch (InterruptedIOException e) {
      throw XApiException.network("X API call timed out (" + e.getClass().getSimpleName() + ")", e);
    } catch (IOException e) {
      // OkHttp's messages name host and path at most: no header, so no token.
      throw XApiException.network(
          "X API call failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] bodyBytes(ResponseBody body) throws IOException {
    return body == null ? new byte[0] : body.bytes();
  }

  /** Parses a 200 body. Package-private for the contract tests. */
  static SearchPage parsePage(byte[] body, RateLimit rateLimit) {
    JsonNode root;
    try {
      root = TweetJson.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw XApiException.malformed(
          "X API sent a 200 whose body is not valid JSON (" + e.getOriginalMessage() + ")",
          rateLimit,
          e);
    } catch (IOException e) {
      throw XApiException.malformed(
          "X API sent an unreadable 200 body: " + e.getMessage(), rateLimit, e);
    }
    if (root == null || !root.isObject()) {
      throw unexpected("not a JSON object", rateLimit, null);
    }
    List<ApiProblem> errors = ApiProblem.partialErrors(root);
    JsonNode meta = root.path("meta");
    List<Tweet> tweets;
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) {
      if (errors.isEmpty() && !meta.has("result_count")) {
        throw unexpected("neither data, meta.result_count nor errors", rateLimit, null);
      }
      tweets = List.of();
    } else if (!data.isArray()) {
      throw unexpected("data is not an array", rateLimit, null);
    } else {
      try {
        Envelope page = TweetJson.readEnvelope(root);
        tweets = page.tweets();
      } catch (TweetFormatException e) {
        throw unexpected(e.getMessage(), rateLimit, e);
      }
    }
    return new SearchPage(
        tweets,
        root.path("includes").path("users").size(),
        text(meta, "newest_id"),
        text(meta, "oldest_id"),
        meta.path("result_count").asInt(tweets.size()),
        text(meta, "next_token"),
        errors,
        rateLimit);
  }

  private static XApiException unexpected(String what, RateLimit rateLimit, Throwable cause) {
    return XApiException.unexpected(
        "X API sent a 200 that is not a recent-search page: " + what, rateLimit, cause);
  }

  private XApiException failure(Response response, RateLimit rateLimit) throws IOException {
    int code = response.code();
    ApiProblem problem = readProblem(response.body());
    String said = problem == null ? response.message() : problem.summary();
    String what = "X API answered " + code + (said.isBlank() ? "" : " (" + said + ")");
    return switch (code) {
      case 400 ->
          XApiException.httpError(
              XApiException.Kind.BAD_REQUEST,
              code,
              what
                  + ": the request was rejected; check X_QUERY (operators, length for your plan)"
                  + " and X_LOOKBACK",
              problem,
              rateLimit);
      case 401 ->
          XApiException.httpError(
              XApiException.Kind.UNAUTHORIZED,
              code,
              what
                  + ": the bearer token was refused. Put the app's current bearer token (X developer"
                  + " portal > your app > Keys and tokens) in the secret behind X_BEARER_TOKEN as a"
                  + " new version, then redeploy or wait for new instances",
              problem,
              rateLimit);
      case 402 ->
          XApiException.httpError(
              XApiException.Kind.PAYMENT_REQUIRED,
              code,
              what
                  + ": the X API account is out of credits. Add credits or change the plan in the X"
                  + " developer portal; until then every run fails, and the checkpoint stays put",
              problem,
              rateLimit);
      case 403 ->
          XApiException.httpError(
              XApiException.Kind.FORBIDDEN,
              code,
              what
                  + ": the app may not use recent search. Check in the X developer portal that the"
                  + " app belongs to a project whose plan includes /2/tweets/search/recent",
              problem,
              rateLimit);
      case 429 -> {
        Instant fallback = clock.instant().plus(DEFAULT_RATE_LIMIT_PAUSE);
        Instant resumeAt = rateLimit.resumeAt(fallback);
        yield XApiException.rateLimited(
            what + ": rate limited until " + resumeAt, problem, rateLimit, resumeAt);
      }
      default -> {
        if (code >= 500) {
          yield XApiException.httpError(
              XApiException.Kind.SERVER_ERROR, code, what, problem, rateLimit);
        }
        yield XApiException.httpError(
            XApiException.Kind.OTHER,
            code,
            what + ": unexpected status; check X_API_BASE_URL (" + searchUrl.host() + ")",
            problem,
            rateLimit);
      }
    };
  }

  /** Parses a problem+json (or any JSON) error body; null if it is empty or not JSON. */
  static ApiProblem readProblem(ResponseBody body) throws IOException {
    if (body == null) {
      return null;
    }
    byte[] bytes;
    try (var in = body.byteStream()) {
      bytes = in.readNBytes(MAX_ERROR_BODY);
    }
    if (bytes.length == 0) {
      return null;
    }
    try {
      JsonNode node = TweetJson.mapper().readTree(bytes);
      return node != null && node.isObject() ? ApiProblem.from(node) : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Duration jitter(Duration d) {
    // +-20 %: one instance has no herd to spread, and waits near their nominal value keep a retry
    // from firing at once against the X API's request window (decision 0033).
    double f = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis(Math.round(d.toMillis() * f));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }
}
