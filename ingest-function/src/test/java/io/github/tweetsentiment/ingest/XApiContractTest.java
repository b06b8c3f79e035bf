package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.tweetsentiment.core.Envelope;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.nio.file.Path;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against real X API v2 payloads from {@code ../shared/fixtures/twitter-v2}, served by
 * MockWebServer with the headers they were recorded with (see SOURCES.json there). Skipped where
 * the shared folder is absent.
 */
class XApiContractTest {
  static final String DEFAULT_PAGE = "search-recent.postman.2020-06.default-payload.json";
  static final String FIELDS_PAGE = "search-recent.postman.2020-06.tweet-fields.next-token.json";
  static final String EXPANSIONS_PAGE =
      "search-recent.postman.2020-06.expansions-users-tweets.json";

  // The recordings are from June 2020: run the clock then, so their ids are "recent".
  static final Instant NOW = Instant.parse("2020-06-24T17:20:00Z");

  @TempDir Path dir;
  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final MockWebServer server = api.server;
  XApiClient client;

  @BeforeEach
  void start() {
    client = api.client(RetryPolicy.DEFAULT);
  }

  static MockResponse recorded(int code, String body, int remaining, long reset) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("content-type", "application/json; charset=utf-8")
        .addHeader("x-rate-limit-limit", "1800")
        .addHeader("x-rate-limit-remaining", Integer.toString(remaining))
        .addHeader("x-rate-limit-reset", Long.toString(reset))
        .body(body)
        .build();
  }

  SearchPage fetch(String fixture, int remaining, long reset) throws Exception {
    server.enqueue(recorded(200, Pages.sharedFixture(fixture), remaining, reset));
    return search();
  }

  /** What the search throws when the API answers with a recorded error body and its headers. */
  XApiException failure(int code, String fixture, int remaining, long reset) {
    server.enqueue(recorded(code, Pages.sharedFixture(fixture), remaining, reset));
    return catchThrowableOfType(XApiException.class, this::search);
  }

  @Test
  void defaultPayloadPage_parsesWithoutCreatedAtOrEditHistory() throws Exception {
    SearchPage page = fetch(DEFAULT_PAGE, 1798, 1593019916);

    assertThat(page.tweets()).hasSize(10);
    assertThat(page.resultCount()).isEqualTo(10);
    assertThat(page.newestId()).isEqualTo("1275840243636322304");
    assertThat(page.oldestId()).isEqualTo("1275840222559899649");
    assertThat(page.nextToken()).isEqualTo("b26v89c19zqg8o3fo7gesq314yb2ynhwgmfg7az3v76v1");
    assertThat(page.tweets()).allSatisfy(t -> assertThat(t.createdAt()).isNull());
    assertThat(page.rateLimit().remaining()).isEqualTo(1798);
    assertThat(page.rateLimit().reset()).isEqualTo(Instant.ofEpochSecond(1593019916));
  }

  @Test
  void tweetFieldsPage_parsesFieldsAndBecomesEnvelopes() throws Exception {
    SearchPage page = fetch(FIELDS_PAGE, 1795, 1593019916);

    assertThat(page.tweets()).hasSize(10);
    assertThat(page.nextToken()).isEqualTo("b26v89c19zqg8o3fo7gesq314zlbjb2xlwutmy72r47lp");
    Tweet first = page.tweets().get(0);
    assertThat(first.id()).isEqualTo("1275840892285399041");
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2020-06-24T17:19:07Z"));
    assertThat(first.lang()).isEqualTo("en");
    assertThat(first.authorId()).isEqualTo("1176828691365736451");
    assertThat(first.mentions()).containsExactly("skipbolden");
    assertThat(first.isRetweet()).isTrue();
    assertThat(page.tweets().get(1).hashtags()).containsExactly("NY12");
    for (Tweet t : page.tweets()) {
      OutboundMessage m = Messages.forTweet(t, "nyc");
      Envelope back = TweetJson.readEnvelope(m.data());
      assertThat(back.tweets()).containsExactly(t);
      assertThat(m.attributes()).containsEntry("tweet_id", t.id()).containsKey("created_at");
    }
  }

  @Test
  void expansionsPage_joinsAuthorsFromIncludes() throws Exception {
    SearchPage page = fetch(EXPANSIONS_PAGE, 1795, 1593539398);

    assertThat(page.tweets()).hasSize(4);
    assertThat(page.hasNext()).isFalse();
    assertThat(page.tweets()).allSatisfy(t -> assertThat(t.authorUsername()).isNotBlank());
    String data = Messages.forTweet(page.tweets().get(0), "q").data();
    assertThat(TweetJson.readEnvelope(data).tweets().get(0).authorUsername())
        .isEqualTo(page.tweets().get(0).authorUsername());
  }

  @Test
  void realPages_pageWithNextTokenThenLastPage() throws Exception {
    server.enqueue(recorded(200, Pages.sharedFixture(DEFAULT_PAGE), 1798, 1593019916));
    server.enqueue(recorded(200, Pages.sharedFixture(EXPANSIONS_PAGE), 1797, 1593019916));
    RecordingPublisher publisher = new RecordingPublisher();
    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("cp.json"));
    PollSettings settings = Pages.settings("nyc", api.url(), 10, false, Pages.AMPLE_BUDGET);

    RunResult result = new Ingester(settings, client, publisher, store, api.clock).run();

    assertThat(result.pages()).isEqualTo(2);
    assertThat(result.published()).isEqualTo(14);
    assertThat(result.stop()).isEqualTo(RunResult.Stop.COMPLETE);
    // Only the first page's newest_id becomes the checkpoint.
    assertThat(store.read("nyc").orElseThrow().sinceId()).isEqualTo("1275840243636322304");
    server.takeRequest();
    HttpUrl second = server.takeRequest().getUrl();
    assertThat(second.queryParameter("next_token"))
        .isEqualTo("b26v89c19zqg8o3fo7gesq314yb2ynhwgmfg7az3v76v1");
  }

  @Test
  void realUnauthorizedBody_failsAsUnauthorized() {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .addHeader("content-type", "application/json; charset=utf-8")
            .body(Pages.sharedFixture("error.postman.2020.401-unauthorized.json"))
            .build());

    XApiException e = catchThrowableOfType(XApiException.class, this::search);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.UNAUTHORIZED);
    assertThat(e.problem().title()).isEqualTo("Unauthorized");
    assertThat(e.problem().type()).isEqualTo("about:blank");
    assertThat(e.problem().status()).isEqualTo(401);
  }

  @Test
  void realForbiddenBody_failsAsForbiddenWithItsReason() {
    XApiException e =
        failure(403, "error.postman.2020-06.403-client-forbidden.json", 13, 1592497214);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.FORBIDDEN);
    assertThat(e.problem().title()).isEqualTo("Client Forbidden");
    assertThat(e.problem().reason()).isEqualTo("client-not-enrolled");
    assertThat(e.getMessage()).contains("client-not-enrolled");
  }

  @Test
  void realTooManyRequestsBody_isRateLimitedUntilTheRecordedReset() {
    XApiException e =
        failure(429, "error.postman.2020-07.429-stream-too-many-connections.json", 47, 1594310686);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.RATE_LIMITED);
    assertThat(e.resumeAt()).isEqualTo(Instant.ofEpochSecond(1594310686));
    assertThat(e.problem().reason()).isEqualTo("TooManyConnections");
    assertThat(e.rateLimit().exhausted()).isFalse();
  }

  @Test
  void realInvalidRequestBody_listsTheMessages() {
    XApiException e =
        failure(400, "error.postman.2020-06.400-invalid-request.json", 13, 1592497381);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.BAD_REQUEST);
    assertThat(e.problem().messages()).containsExactly("field is required");
    assertThat(e.problem().title()).isEqualTo("Invalid Request");
  }

  private SearchPage search() throws Exception {
    return client.search(SearchRequest.first("nyc", null, null, false), NOW.plusSeconds(40));
  }
}
