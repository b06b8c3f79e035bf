package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;
  private final List<CallStats> calls = endpoint.calls;
  private final Fixtures.FakeTime time = new Fixtures.FakeTime();

  private SentimentClient.Builder client() {
    return endpoint
        .client("/")
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(1))
        .maxAttempts(4)
        .maxRetryTime(Duration.ofMinutes(1))
        .timeSource(time)
        .random(() -> Fixtures.MAX_JITTER);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void predict_retriesRetryableStatus_thenSucceeds(int status) {
    server.enqueue(Fixtures.problem(status, "try again"));
    server.enqueue(Fixtures.problem(status, "try again"));
    server.enqueue(Fixtures.ok(2));
    try (SentimentClient client = client().build()) {
      assertThat(client.predict(instances(2))).hasSize(2);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    // Full jitter at its maximum: 100 ms, then 200 ms.
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    CallStats stats = calls.get(0);
    assertThat(stats.attempts()).isEqualTo(3);
    assertThat(stats.outcome()).isEqualTo(CallStats.Outcome.SUCCESS);
    assertThat(stats.backoff()).isEqualTo(Duration.ofMillis(300));
    boolean throttling = status == 429 || status == 503;
    assertThat(stats.throttled()).isEqualTo(throttling ? Duration.ofMillis(300) : Duration.ZERO);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 403, 404, 409, 415, 422})
  void predict_doesNotRetryOtherClientErrors(int status) {
    server.enqueue(Fixtures.problem(status, "instances[0].text: missing"));
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(InferenceException.Kind.HTTP_STATUS);
                assertThat(e.status()).isEqualTo(status);
                assertThat(e.detail()).isEqualTo("instances[0].text: missing");
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.retryable()).isFalse();
              })
          .hasMessageContaining("HTTP " + status)
          .hasMessageContaining("model 'accurate'")
          .hasMessageContaining("1 attempt");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps).isEmpty();
    assertThat(calls.get(0).outcome()).isEqualTo(CallStats.Outcome.PERMANENT_FAILURE);
    assertThat(calls.get(0).status()).isEqualTo(status);
  }

  @Test
  void predict_givesUpAfterMaxAttempts_withStatusDetailAndCount() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(Fixtures.problem(503, "model loading"));
    }
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(() -> client.predict(instances(3)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.detail()).isEqualTo("model loading");
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("4 attempts")
          .hasMessageContaining("maxAttempts=4");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
    // Exponential caps: 100, 200, 400 ms (capped at 1 s later).
    assertThat(time.sleeps)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(calls.get(0).outcome()).isEqualTo(CallStats.Outcome.TRANSIENT_FAILURE);
    assertThat(calls.get(0).attempts()).isEqualTo(4);
  }

  @Test
  void predict_readsGoogleApiErrorBodiesAndNonJsonBodies() {
    server.enqueue(
        Fixtures.json(
            400,
            "{\"error\":{\"code\":400,\"message\":\"Invalid instances\",\"status\":\"INVALID_ARGUMENT\"}}"));
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .setHeader("Content-Type", "text/html")
            .body("<html>Not Found</html>")
            .build());
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class, e -> assertThat(e.detail()).isEqualTo("Invalid instances"));
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.detail()).isNull();
              });
    }
  }

  @Test
  void retryAfter_inSeconds_isWaitedExactly_andCountsAsThrottled() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client = client().maxBackoff(Duration.ofSeconds(2)).build()) {
      client.predict(instances(1));
    }
    // The server's wish wins over the (smaller) backoff cap.
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(calls.get(0).throttled()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void retryAfter_asHttpDate_isMeasuredAgainstTheServersDateHeader() {
    DateTimeFormatter http = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    // The server's clock is an hour off ours; only the difference of its two dates matters.
    java.time.Instant serverNow = time.epoch.plusSeconds(3600);
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Date", http.format(serverNow))
            .setHeader("Retry-After", http.format(serverNow.plusSeconds(12)))
            .build());
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client = client().build()) {
      client.predict(instances(1));
    }
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void retryAfter_asHttpDate_withoutDateHeader_isMeasuredAgainstOurClock() {
    DateTimeFormatter http = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .setHeader("Retry-After", http.format(time.epoch.plusSeconds(3)))
            .build());
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client = client().build()) {
      client.predict(instances(1));
    }
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
    // A 500 that asks to be retried later is throttling too.
    assertThat(calls.get(0).throttled()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void retryAfter_beyondTheTimeBudget_failsAtOnceWithoutWaiting() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "3600")
            .setHeader("Content-Type", "application/problem+json")
            .body("{\"title\":\"Too Many Requests\",\"detail\":\"quota exceeded\"}")
            .build());
    try (SentimentClient client = client().maxRetryTime(Duration.ofSeconds(30)).build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(429);
                assertThat(e.detail()).isEqualTo("quota exceeded");
                assertThat(e.retryable()).isTrue();
                assertThat(e.attempts()).isEqualTo(1);
              })
          .hasMessageContaining("maxRetryTime=PT30S");
    }
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void timeBudget_stopsRetriesBeforeMaxAttempts() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(Fixtures.problem(502, "bad gateway"));
    }
    // Backoffs of 1 s and 2 s fit in 3.9 s; the third (4 s) does not. (The fake clock only moves
    // when sleeping, and the last attempt's real call timeout is what is left: 0.9 s.)
    try (SentimentClient client =
        client()
            .initialBackoff(Duration.ofSeconds(1))
            .maxBackoff(Duration.ofSeconds(10))
            .maxRetryTime(Duration.ofMillis(3900))
            .build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("maxRetryTime=PT3.9S");
    }
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void interruptWhileBackingOff_stopsTheCall_andKeepsTheFlag() {
    server.enqueue(Fixtures.problem(503, "busy"));
    TimeSource interrupting =
        new TimeSource() {
          @Override
          public long nanoTime() {
            return 0;
          }

          @Override
          public java.time.Instant now() {
            return java.time.Instant.EPOCH;
          }

          @Override
          public void sleep(Duration duration) throws InterruptedException {
            throw new InterruptedException("shutting down");
          }
        };
    try (SentimentClient client = client().timeSource(interrupting).build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(InferenceException.Kind.INTERRUPTED);
                assertThat(e.retryable()).isFalse();
              });
      assertThat(Thread.interrupted()).isTrue();
    }
  }
}
