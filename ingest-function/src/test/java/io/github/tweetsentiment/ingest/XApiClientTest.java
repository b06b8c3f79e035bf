package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XApiClientTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  /** The request of the tests that are about the response: the first page of "q" after id 1. */
  static final SearchRequest FIRST_PAGE = SearchRequest.first("q", "1", null, false);

  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final MockWebServer server = api.server;
  final TestClock clock = api.clock;
  XApiClient client;

  @BeforeEach
  void start() {
    client = api.client(RetryPolicy.DEFAULT);
  }

  Instant deadline() {
    return NOW.plusSeconds(40);
  }

  /** What asking {@code client} for {@link #FIRST_PAGE} throws. */
  XApiException searchFailure(XApiClient client) {
    return catchThrowableOfType(XApiException.class, () -> client.search(FIRST_PAGE, deadline()));
  }

  @Test
  void search_sendsQuerySinceIdFieldsAndBearerToken() throws Exception {
    server.enqueue(Pages.ok(Pages.page(null, "1800000000000000002")));

    client.search(
        SearchRequest.first("cats lang:en", "1800000000000000001", NOW, false), deadline());

    RecordedRequest request = server.takeRequest();
    HttpUrl url = request.getUrl();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(url.encodedPath()).isEqualTo("/2/tweets/search/recent");
    assertThat(url.queryParameter("query")).isEqualTo("cats lang:en");
    assertThat(url.queryParameter("since_id")).isEqualTo("1800000000000000001");
    assertThat(url.queryParameter("start_time")).isNull();
    assertThat(url.queryParameter("max_results")).isEqualTo("100");
    assertThat(url.queryParameter("sort_order")).isEqualTo("recency");
    assertThat(url.queryParameter("tweet.fields"))
        .isEqualTo(
            "created_at,lang,author_id,conversation_id,referenced_tweets,public_metrics,entities,"
                + "note_tweet");
    assertThat(url.queryParameter("expansions")).isNull();
    assertThat(url.queryParameter("next_token")).isNull();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + Pages.TOKEN);
    assertThat(url.toString()).doesNotContain(Pages.TOKEN);
  }

  @Test
  void search_firstRunSendsStartTimeAndOptionalExpansions() throws Exception {
    server.enqueue(Pages.ok(Pages.EMPTY));
    server.enqueue(Pages.ok(Pages.EMPTY));
    Instant start = NOW.minus(Duration.ofHours(1));

    client.search(SearchRequest.first("q", null, start, true), deadline());
    SearchRequest second = SearchRequest.first("q", null, start, false).next("tok-2");
    client.search(second, deadline());

    HttpUrl first = server.takeRequest().getUrl();
    assertThat(first.queryParameter("start_time")).isEqualTo("2026-11-25T09:00:00Z");
    assertThat(first.queryParameter("since_id")).isNull();
    assertThat(first.queryParameter("expansions")).isEqualTo("author_id");
    HttpUrl next = server.takeRequest().getUrl();
    assertThat(next.queryParameter("next_token")).isEqualTo("tok-2");
    assertThat(next.queryParameter("start_time")).isEqualTo("2026-11-25T09:00:00Z");
    assertThat(next.queryParameter("expansions")).isNull();
  }

  @Test
  void search_parsesPageMetaAndRateLimitHeaders() throws Exception {
    server.enqueue(
        Pages.json(200, Pages.page("next-1", "1800000000000000003", "1800000000000000002"))
            .addHeader("x-rate-limit-limit", "450")
            .addHeader("x-rate-limit-remaining", "449")
            .addHeader("x-rate-limit-reset", "1795600000")
            .build());

    SearchPage page = client.search(FIRST_PAGE, deadline());

    assertThat(page.tweets())
        .extracting(t -> t.id())
        .containsExactly("1800000000000000003", "1800000000000000002");
    assertThat(page.tweets().get(0).createdAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(page.tweets().get(0).lang()).isEqualTo("en");
    assertThat(page.tweets().get(0).publicMetrics().likeCount()).isEqualTo(3L);
    assertThat(page.newestId()).isEqualTo("1800000000000000003");
    assertThat(page.oldestId()).isEqualTo("1800000000000000002");
    assertThat(page.resultCount()).isEqualTo(2);
    assertThat(page.nextToken()).isEqualTo("next-1");
    assertThat(page.rateLimit())
        .isEqualTo(new RateLimit(450, 449, Instant.ofEpochSecond(1795600000), null, null));
    assertThat(page.rateLimit().exhausted()).isFalse();
  }

  @Test
  void search_emptyResultHasNoTweetsAndNoNewestId() throws Exception {
    server.enqueue(Pages.ok(Pages.EMPTY));

    SearchPage page = client.search(FIRST_PAGE, deadline());

    assertThat(page.tweets()).isEmpty();
    assertThat(page.newestId()).isNull();
    assertThat(page.resultCount()).isZero();
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void search_429StopsAtOnceWithTheResetTime() {
    server.enqueue(
        Pages.json(
                429,
                "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\","
                    + "\"type\":\"about:blank\",\"status\":429}")
            .addHeader("x-rate-limit-remaining", "0")
            .addHeader("x-rate-limit-reset", "1795600900")
            .build());

    XApiException e = searchFailure(client);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.RATE_LIMITED);
    assertThat(e.resumeAt()).isEqualTo(Instant.ofEpochSecond(1795600900));
    assertThat(e.problem().title()).isEqualTo("Too Many Requests");
    assertThat(e.problem().status()).isEqualTo(429);
    assertThat(e.getMessage())
        .contains("429")
        .contains(Instant.ofEpochSecond(1795600900).toString());
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void search_429WithoutResetHeaderWaitsOneWindow() {
    server.enqueue(Pages.problem(429, "{\"title\":\"Too Many Requests\"}"));

    XApiException e = searchFailure(client);

    assertThat(e.resumeAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
  }

  @Test
  void search_5xxThenSuccessRetriesWithBackoff() throws Exception {
    server.enqueue(Pages.problem(503, "{\"title\":\"Service Unavailable\",\"status\":503}"));
    server.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    server.enqueue(Pages.ok(Pages.page(null, "1800000000000000002")));

    SearchPage page = client.search(FIRST_PAGE, deadline());

    assertThat(page.tweets()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(clock.sleeps()).hasSize(2);
    // Backoff grows: 500 ms then 1 s, each +-20 % jitter.
    assertThat(clock.sleeps().get(0)).isBetween(Duration.ofMillis(400), Duration.ofMillis(600));
    assertThat(clock.sleeps().get(1)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
  }

  @Test
  void search_ioErrorThenSuccessRetries() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(Pages.ok(Pages.page(null, "1800000000000000002")));

    SearchPage page =
        api.client(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 3))
            .search(FIRST_PAGE, deadline());

    assertThat(page.tweets()).hasSize(1);
  }

  @Test
  void search_5xxUntilTheBudgetIsSpentGivesUp() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(new MockResponse.Builder().code(502).build());
    }

    XApiException e =
        catchThrowableOfType(
            XApiException.class, () -> client.search(FIRST_PAGE, NOW.plus(Duration.ofSeconds(3))));

    assertThat(e.kind()).isEqualTo(XApiException.Kind.SERVER_ERROR);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).contains("time budget spent");
    assertThat(server.getRequestCount()).isBetween(2, 4);
    assertThat(clock.instant()).isBefore(NOW.plus(Duration.ofSeconds(3)));
  }

  @Test
  void search_5xxStopsAfterMaxAttempts() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(500).build());
    }

    XApiException e =
        searchFailure(
            api.client(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 3)));

    assertThat(e.kind()).isEqualTo(XApiException.Kind.SERVER_ERROR);
    assertThat(e.getMessage()).contains("gave up after 3 attempts");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void search_401FailsLoudlyWithOperatorGuidanceAndNoToken() {
    server.enqueue(
        Pages.problem(
            401,
            "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,"
                + "\"detail\":\"Unauthorized\"}"));

    XApiException e = searchFailure(client);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.UNAUTHORIZED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("401")
        .contains("Unauthorized")
        .contains("X_BEARER_TOKEN")
        .doesNotContain(Pages.TOKEN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void search_402SaysCreditsAreDepleted() {
    server.enqueue(
        Pages.problem(
            402,
            "{\"title\":\"CreditsDepleted\",\"detail\":\"Your enrolled account does not have any"
                + " credits to fulfill this request.\",\"type\":\"https://api.x.com/2/problems/credits\"}"));

    XApiException e = searchFailure(client);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.PAYMENT_REQUIRED);
    assertThat(e.getMessage()).contains("out of credits").contains("CreditsDepleted");
  }

  @Test
  void search_403NamesTheReason() {
    server.enqueue(
        Pages.problem(
            403,
            "{\"title\":\"Client Forbidden\",\"detail\":\"not enrolled\","
                + "\"reason\":\"client-not-enrolled\","
                + "\"type\":\"https://api.x.com/2/problems/client-forbidden\"}"));

    XApiException e = searchFailure(client);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.FORBIDDEN);
    assertThat(e.problem().reason()).isEqualTo("client-not-enrolled");
    assertThat(e.getMessage()).contains("client-not-enrolled").contains("developer portal");
  }

  @Test
  void search_400ReportsTheInvalidParameters() {
    server.enqueue(
        Pages.problem(
            400,
            "{\"errors\":[{\"parameters\":{\"query\":[\"(\"]},\"message\":\"There were errors"
                + " processing your request: missing ')'\"}],\"title\":\"Invalid Request\","
                + "\"detail\":\"One or more parameters to your request was invalid.\","
                + "\"type\":\"https://api.x.com/2/problems/invalid-request\"}"));

    XApiException e =
        catchThrowableOfType(
            XApiException.class,
            () -> client.search(SearchRequest.first("(", "1", null, false), deadline()));

    assertThat(e.kind()).isEqualTo(XApiException.Kind.BAD_REQUEST);
    assertThat(e.problem().messages()).singleElement().asString().contains("missing ')'");
    assertThat(e.getMessage()).contains("X_QUERY").contains("missing ')'");
  }

  @Test
  void search_404PointsAtTheBaseUrl() {
    server.enqueue(new MockResponse.Builder().code(404).body("<html>not here</html>").build());

    assertThatThrownBy(() -> client.search(FIRST_PAGE, deadline()))
        .isInstanceOf(XApiException.class)
        .hasMessageContaining("X_API_BASE_URL");
  }

  @Test
  void search_partialErrorsKeepTheResults() throws Exception {
    server.enqueue(
        Pages.ok(
            "{\"data\":[{\"id\":\"1800000000000000005\",\"text\":\"hi\"}],"
                + "\"errors\":[{\"resource_id\":\"99\",\"title\":\"Authorization Error\","
                + "\"detail\":\"Sorry, you are not authorized to see the user with id: [99].\","
                + "\"type\":\"https://api.x.com/2/problems/not-authorized-for-resource\"}],"
                + "\"meta\":{\"newest_id\":\"1800000000000000005\","
                + "\"oldest_id\":\"1800000000000000005\",\"result_count\":1}}"));

    SearchPage page = client.search(SearchRequest.first("q", "1", null, true), deadline());

    assertThat(page.tweets()).hasSize(1);
    assertThat(page.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.resourceId()).isEqualTo("99");
              assertThat(p.summary()).contains("Authorization Error");
            });
  }

  @Test
  void search_truncatedJsonIsRetriedThenSucceeds() throws Exception {
    String page = Pages.page(null, "1800000000000000002");
    server.enqueue(Pages.ok(page.substring(0, page.length() / 2)));
    server.enqueue(Pages.ok(page));

    SearchPage result = client.search(FIRST_PAGE, deadline());

    assertThat(result.tweets()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void search_truncatedJsonEveryTimeFailsAsMalformed() {
    String page = Pages.page(null, "1800000000000000002");
    for (int i = 0; i < 2; i++) {
      server.enqueue(Pages.ok(page.substring(0, 40)));
    }

    XApiException e =
        searchFailure(
            api.client(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2)));

    assertThat(e.kind()).isEqualTo(XApiException.Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("not valid JSON");
  }

  @Test
  void search_200ThatIsNotAPageFailsWithoutRetry() {
    server.enqueue(Pages.ok("{\"hello\":\"world\"}"));

    XApiException e = searchFailure(client);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.UNEXPECTED_RESPONSE);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void search_tweetWithoutIdFailsNamingTheField() {
    server.enqueue(Pages.ok("{\"data\":[{\"text\":\"no id\"}],\"meta\":{\"result_count\":1}}"));

    assertThatThrownBy(() -> client.search(FIRST_PAGE, deadline()))
        .isInstanceOf(XApiException.class)
        .hasMessageContaining("data[0].id");
  }

  @Test
  void search_afterTheDeadlineMakesNoCall() {
    XApiException e =
        catchThrowableOfType(XApiException.class, () -> client.search(FIRST_PAGE, NOW));

    assertThat(e.kind()).isEqualTo(XApiException.Kind.NETWORK);
    assertThat(server.getRequestCount()).isZero();
  }
}
