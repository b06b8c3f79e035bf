package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Calls {@link IngestFunction#service} directly with plain request and response objects. */
class IngestFunctionTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  static final String A = "2125197739422646372";

  @TempDir Path dir;
  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final MockWebServer server = api.server;
  final RecordingPublisher publisher = new RecordingPublisher();
  FileCheckpointStore store;

  @BeforeEach
  void start() {
    store = new FileCheckpointStore(dir.resolve("cp.json"));
  }

  IngestFunction function() {
    PollSettings settings = Pages.settings("q", api.url(), 10, false, Pages.AMPLE_BUDGET);
    XApiClient client =
        api.client(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(20), 2));
    return new IngestFunction(new Ingester(settings, client, publisher, store, api.clock));
  }

  FakeHttp.Response call(String method) throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();
    function().service(new FakeHttp.Request(method), response);
    return response;
  }

  static JsonNode json(FakeHttp.Response response) throws Exception {
    return TweetJson.mapper().readTree(response.body());
  }

  @Test
  void service_successAnswers200WithASummary() throws Exception {
    server.enqueue(Pages.ok(Pages.page(null, A)));

    FakeHttp.Response response = call("POST");

    assertThat(response.status).isEqualTo(200);
    assertThat(response.contentType).startsWith("application/json");
    JsonNode body = json(response);
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("published").asInt()).isEqualTo(1);
    assertThat(body.path("checkpoint").asText()).isEqualTo("advanced");
    assertThat(body.path("newest_id").asText()).isEqualTo(A);
    assertThat(body.path("stop").asText()).isEqualTo("complete");
  }

  @Test
  void service_getWorksToo() throws Exception {
    server.enqueue(Pages.ok(Pages.EMPTY));

    assertThat(call("GET").status).isEqualTo(200);
  }

  @Test
  void service_otherMethodsAre405WithoutCallingTheApi() throws Exception {
    FakeHttp.Response response = call("DELETE");

    assertThat(response.status).isEqualTo(405);
    assertThat(response.headers.get("Allow")).containsExactly("GET, POST");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void service_publishFailureAnswers503SoSchedulerRetries() throws Exception {
    publisher.failingFrom(0);
    server.enqueue(Pages.ok(Pages.page(null, A)));

    FakeHttp.Response response = call("POST");

    assertThat(response.status).isEqualTo(503);
    assertThat(json(response).path("error").asText()).isEqualTo("publish_failed");
    assertThat(store.read("q")).isEmpty();
  }

  @Test
  void service_rejectedTokenAnswers500WithGuidanceButNotTheToken() throws Exception {
    server.enqueue(Pages.problem(401, "{\"title\":\"Unauthorized\",\"status\":401}"));

    FakeHttp.Response response = call("POST");

    assertThat(response.status).isEqualTo(500);
    assertThat(json(response).path("error").asText()).isEqualTo("unauthorized");
    assertThat(response.body()).contains("X_BEARER_TOKEN").doesNotContain(Pages.TOKEN);
  }

  @Test
  void service_xApiOutageAnswers502() throws Exception {
    server.enqueue(Pages.problem(503, "{\"title\":\"Service Unavailable\"}"));
    server.enqueue(Pages.problem(503, "{\"title\":\"Service Unavailable\"}"));

    FakeHttp.Response response = call("POST");

    assertThat(response.status).isEqualTo(502);
    assertThat(json(response).path("error").asText()).isEqualTo("server_error");
  }

  @Test
  void service_rateLimitedIsA200ThatSaysWhenToResume() throws Exception {
    server.enqueue(
        Pages.json(429, "{\"title\":\"Too Many Requests\"}")
            .addHeader("x-rate-limit-reset", Long.toString(NOW.plusSeconds(600).getEpochSecond()))
            .build());

    FakeHttp.Response response = call("POST");

    assertThat(response.status).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("status").asText()).isEqualTo("rate_limited");
    assertThat(body.path("resume_at").asText()).isEqualTo("2026-11-25T10:10:00Z");
  }
}
