package io.github.tweetsentiment.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A stand-in for the X API's recent search over a scripted timeline of tweets, for MockWebServer.
 * It answers like the API: tweets of the last 7 days that exist at the clock's "now", filtered by
 * {@code since_id}, {@code start_time} and {@code until_id}, newest first, {@code max_results} to a
 * page, with an opaque {@code next_token}; 400 for a bound older than 7 days; and the rate-limit
 * headers. Scripted faults replace the answer to a given request (a 429, a 503) or make it take
 * long on the test clock. It records which tweets each response carried, so a test can check that
 * every tweet was requested in exactly one response.
 */
public final class FakeRecentSearch extends Dispatcher {
  private static final long TWITTER_EPOCH_MILLIS = 1288834974657L;

  /** One 200 answer: the request and the tweet ids it carried. */
  record Served(int request, HttpUrl url, List<String> ids) {}

  private final Clock clock;
  private final String token;
  private final NavigableMap<Long, Instant> tweets = new TreeMap<>();
  private final Map<Integer, MockResponse> faults = new HashMap<>();
  private final Map<Integer, Duration> slow = new HashMap<>();
  private final Map<Long, String> longTexts = new HashMap<>();
  private final List<Served> served = new ArrayList<>();
  private final List<HttpUrl> requests = new ArrayList<>();

  public FakeRecentSearch(Clock clock, String token) {
    this.clock = clock;
    this.token = token;
  }

  /**
   * Posts {@code count} tweets created evenly over [{@code from}, {@code from + over}); returns
   * their ids, oldest first.
   */
  public synchronized List<String> post(Instant from, Duration over, int count) {
    List<String> ids = new ArrayList<>();
    long step = Math.max(1, over.toMillis() / Math.max(1, count));
    for (int i = 0; i < count; i++) {
      Instant createdAt = from.plusMillis(i * step);
      long id = ((createdAt.toEpochMilli() - TWITTER_EPOCH_MILLIS) << 22) + (i % 1000);
      while (tweets.containsKey(id)) {
        id++;
      }
      tweets.put(id, createdAt);
      ids.add(Long.toString(id));
    }
    return ids;
  }

  /**
   * Posts one tweet longer than 280 characters at {@code at}: served, as the API does, with {@code
   * text} cut short and the whole text in {@code note_tweet} when the request asks for that field.
   */
  public synchronized String postLong(Instant at, String wholeText) {
    String id = post(at, Duration.ofMillis(1), 1).get(0);
    longTexts.put(Long.parseLong(id), wholeText);
    return id;
  }

  /** Request number {@code n} (counting from 1) gets {@code response} instead of results. */
  synchronized FakeRecentSearch fail(int n, MockResponse response) {
    faults.put(n, response);
    return this;
  }

  /** Request number {@code n} takes {@code d} on the test clock. */
  synchronized FakeRecentSearch slow(int n, Duration d) {
    if (!(clock instanceof TestClock)) {
      throw new IllegalStateException("slow answers need a TestClock");
    }
    slow.put(n, d);
    return this;
  }

  /** The ids of every tweet created up to {@code until}, oldest first. */
  synchronized List<String> idsCreatedBy(Instant until) {
    List<String> ids = new ArrayList<>();
    tweets.forEach(
        (id, createdAt) -> {
          if (!createdAt.isAfter(until)) {
            ids.add(Long.toString(id));
          }
        });
    return ids;
  }

  public synchronized Instant createdAt(String id) {
    return tweets.get(Long.parseLong(id));
  }

  /** The ids of every 200 answer, in the order they were served. */
  synchronized List<String> servedIds() {
    return served.stream().flatMap(s -> s.ids().stream()).toList();
  }

  synchronized List<Served> served() {
    return List.copyOf(served);
  }

  synchronized int requestCount() {
    return requests.size();
  }

  synchronized List<HttpUrl> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    requests.add(url);
    int n = requests.size();
    Duration takes = slow.get(n);
    if (takes != null) {
      ((TestClock) clock).advance(takes);
    }
    MockResponse fault = faults.get(n);
    if (fault != null) {
      return fault;
    }
    if (url.encodedPath().equals("/2/tweets/counts/recent")) {
      return counts(url, request);
    }
    if (!url.encodedPath().equals("/2/tweets/search/recent")) {
      return problem(404, "Not Found", "no such endpoint: " + url.encodedPath());
    }
    if (!("Bearer " + token).equals(request.getHeaders().get("Authorization"))) {
      return problem(401, "Unauthorized", "Unauthorized");
    }
    Instant now = clock.instant();
    Instant reach = now.minus(Duration.ofDays(7));
    String sinceId = url.queryParameter("since_id");
    String startTime = url.queryParameter("start_time");
    String untilId = url.queryParameter("until_id");
    String nextToken = url.queryParameter("next_token");
    int maxResults = Integer.parseInt(url.queryParameter("max_results"));
    if (url.queryParameter("query") == null || maxResults < 10 || maxResults > 100) {
      return problem(400, "Invalid Request", "query and max_results (10..100) are required");
    }
    long lower = Long.MIN_VALUE;
    Instant from = reach;
    if (sinceId != null) {
      lower = Long.parseLong(sinceId);
      if (createdAtOf(lower).isBefore(reach)) {
        return problem(400, "Invalid Request", "since_id must be within the last 7 days");
      }
    }
    if (startTime != null) {
      from = TweetJson.parseTimestamp(startTime, "start_time");
      if (from.isBefore(reach)) {
        return problem(400, "Invalid Request", "start_time must be within the last 7 days");
      }
    }
    long upper = untilId == null ? Long.MAX_VALUE : Long.parseLong(untilId);
    if (nextToken != null) {
      upper = Math.min(upper, Long.parseLong(nextToken.substring("next-".length())));
    }
    List<Long> page = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<Long, Instant> e : tweets.headMap(upper, false).descendingMap().entrySet()) {
      if (e.getKey() <= lower || e.getValue().isBefore(from)) {
        break;
      }
      if (e.getValue().isAfter(now)) {
        continue;
      }
      if (page.size() == maxResults) {
        more = true;
        break;
      }
      page.add(e.getKey());
    }
    served.add(new Served(n, url, page.stream().map(String::valueOf).toList()));
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(
            pageJson(
                page,
                more,
                "author_id".equals(url.queryParameter("expansions")),
                String.valueOf(url.queryParameter("tweet.fields")).contains("note_tweet")))
        .build();
  }

  /**
   * A page as the API writes it. With authors expanded, the tweets have one of 50 authors (by id)
   * and {@code includes.users} holds each author of the page once, as the API bills them.
   */
  private String pageJson(List<Long> ids, boolean more, boolean expandAuthors, boolean notes) {
    ObjectNode root = TweetJson.mapper().createObjectNode();
    ObjectNode meta = TweetJson.mapper().createObjectNode();
    if (!ids.isEmpty()) {
      ArrayNode data = root.putArray("data");
      java.util.Set<String> authors = new java.util.TreeSet<>();
      for (long id : ids) {
        String author = expandAuthors ? "4" + (id % 50) : "42";
        authors.add(author);
        String whole = longTexts.get(id);
        ObjectNode tweet =
            data.addObject()
                .put("id", Long.toString(id))
                .put("text", whole == null ? "tweet " + id : whole.substring(0, 279) + "\u2026")
                .put("created_at", TweetJson.formatTimestamp(tweets.get(id)))
                .put("lang", "en")
                .put("author_id", author);
        if (whole != null && notes) {
          tweet.putObject("note_tweet").put("text", whole);
        }
      }
      if (expandAuthors) {
        ArrayNode users = root.putObject("includes").putArray("users");
        authors.forEach(a -> users.addObject().put("id", a).put("username", "user" + a));
      }
      meta.put("newest_id", Long.toString(ids.get(0)));
      meta.put("oldest_id", Long.toString(ids.get(ids.size() - 1)));
    }
    meta.put("result_count", ids.size());
    if (more) {
      meta.put("next_token", "next-" + ids.get(ids.size() - 1));
    }
    root.set("meta", meta);
    return TweetJson.toJson(root);
  }

  /**
   * {@code GET /2/tweets/counts/recent?granularity=day}: the posts created per UTC day from {@code
   * start_time} to now, the first and last day cut at those bounds, as the API counts them.
   */
  private MockResponse counts(HttpUrl url, RecordedRequest request) {
    if (!("Bearer " + token).equals(request.getHeaders().get("Authorization"))) {
      return problem(401, "Unauthorized", "Unauthorized");
    }
    Instant now = clock.instant();
    String startTime = url.queryParameter("start_time");
    if (url.queryParameter("query") == null
        || !"day".equals(url.queryParameter("granularity"))
        || startTime == null) {
      return problem(400, "Invalid Request", "query, granularity=day and start_time expected");
    }
    Instant from = TweetJson.parseTimestamp(startTime, "start_time");
    if (from.isBefore(now.minus(Duration.ofDays(7)))) {
      return problem(400, "Invalid Request", "start_time must be within the last 7 days");
    }
    ObjectNode root = TweetJson.mapper().createObjectNode();
    ArrayNode data = root.putArray("data");
    long total = 0;
    Instant start = from;
    while (start.isBefore(now)) {
      Instant midnight =
          start
              .atZone(java.time.ZoneOffset.UTC)
              .toLocalDate()
              .plusDays(1)
              .atStartOfDay(java.time.ZoneOffset.UTC)
              .toInstant();
      Instant end = midnight.isBefore(now) ? midnight : now;
      long n = 0;
      for (Instant createdAt : tweets.values()) {
        if (!createdAt.isBefore(start) && createdAt.isBefore(end)) {
          n++;
        }
      }
      data.addObject()
          .put("start", TweetJson.formatTimestamp(start))
          .put("end", TweetJson.formatTimestamp(end))
          .put("tweet_count", n);
      total += n;
      start = end;
    }
    root.putObject("meta").put("total_tweet_count", total);
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(TweetJson.toJson(root))
        .build();
  }

  private static Instant createdAtOf(long id) {
    return Instant.ofEpochMilli((id >> 22) + TWITTER_EPOCH_MILLIS);
  }

  private static MockResponse problem(int code, String title, String detail) {
    return Pages.problem(
        code,
        "{\"title\":\"" + title + "\",\"detail\":\"" + detail + "\",\"status\":" + code + "}");
  }

  /** A 429 as the API sends it, with the window's reset time. */
  static MockResponse tooManyRequests(Instant reset) {
    return Pages.json(429, "{\"title\":\"Too Many Requests\",\"status\":429}")
        .addHeader("x-rate-limit-limit", "450")
        .addHeader("x-rate-limit-remaining", "0")
        .addHeader("x-rate-limit-reset", Long.toString(reset.getEpochSecond()))
        .build();
  }
}
