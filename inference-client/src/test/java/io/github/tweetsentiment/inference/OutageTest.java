package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timelines of an endpoint that fails for a long while, then recovers, on a fake clock: with {@link
 * SentimentClient.Builder#retryUntilSuccess()} the call waits it out; with a time budget it gives
 * up; a failure no retry cures ends the call at once either way. Plus the start-up check.
 */
class OutageTest {
  private static final Duration OUTAGE = Duration.ofMinutes(10);

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;
  private final List<CallStats> calls = endpoint.calls;
  private final Fixtures.FakeTime time = new Fixtures.FakeTime();
  private final List<RetryEvent> retries = new CopyOnWriteArrayList<>();

  private SentimentClient.Builder client() {
    return SentimentClient.builder(server.url("/").uri())
        .model("fast")
        .timeSource(time)
        .listener(
            new InferenceListener() {
              @Override
              public void onCall(CallStats stats) {
                calls.add(stats);
              }

              @Override
              public void onRetry(RetryEvent retry) {
                retries.add(retry);
              }
            });
  }

  /** Fails in turn with 503, 500, a reset connection and 429 Retry-After until the outage ends. */
  private void failFor(Duration outage) {
    server.setDispatcher(
        new Dispatcher() {
          int n;

          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (Duration.ofNanos(time.nanoTime()).compareTo(outage) >= 0) {
              return Fixtures.ok(3);
            }
            return switch (n++ % 4) {
              case 0 -> Fixtures.problem(503, "no instances available");
              case 1 -> Fixtures.problem(500, "internal error");
              case 2 ->
                  Fixtures.ok(3)
                      .newBuilder()
                      .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                      .build();
              default ->
                  Fixtures.problem(429, "slow down")
                      .newBuilder()
                      .addHeader("Retry-After", "7")
                      .build();
            };
          }
        });
  }

  @Test
  void untilSuccess_waitsOutATenMinuteOutage_andScoresTheBatch() {
    failFor(OUTAGE);
    try (SentimentClient client = client().retryUntilSuccess().build()) {
      assertThat(client.predict(instances(3))).hasSize(3);
    }

    CallStats stats = calls.get(0);
    assertThat(stats.outcome()).isEqualTo(CallStats.Outcome.SUCCESS);
    assertThat(stats.latency()).isGreaterThanOrEqualTo(OUTAGE);
    // Capped backoff: no wait above the 20 s default cap; Retry-After is waited as asked.
    assertThat(retries).extracting(RetryEvent::backoff).allMatch(w -> w.toSeconds() <= 20);
    assertThat(retries)
        .filteredOn(r -> r.status() == 429)
        .extracting(RetryEvent::backoff)
        .containsOnly(Duration.ofSeconds(7));
    assertThat(retries).hasSize(stats.attempts() - 1);
    assertThat(stats.attempts()).isGreaterThan(30);
    // Each retry says how long the endpoint has been failing, and that grows through the outage.
    assertThat(retries.get(retries.size() - 1).failingFor()).isGreaterThan(OUTAGE.minusSeconds(21));
    assertThat(retries)
        .filteredOn(RetryEvent::throttling)
        .extracting(RetryEvent::status)
        .containsOnly(503, 429);
  }

  @Test
  void withATimeBudget_theSameOutageEndsTheCallAsRetryable() {
    failFor(OUTAGE);
    try (SentimentClient client =
        client().maxAttempts(1000).maxRetryTime(OUTAGE.dividedBy(5)).build()) {
      assertThatThrownBy(() -> client.predict(instances(3)))
          .isInstanceOfSatisfying(
              InferenceException.class, e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(calls.get(0).outcome()).isEqualTo(CallStats.Outcome.TRANSIENT_FAILURE);
    assertThat(calls.get(0).latency()).isLessThanOrEqualTo(OUTAGE.dividedBy(5));
  }

  @Test
  void untilSuccess_stillEndsAtOnceOnAFailureNoRetryCures() {
    server.enqueue(Fixtures.problem(400, "instances[0].text: too long"));
    try (SentimentClient client = client().retryUntilSuccess().build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.retryable()).isFalse();
                assertThat(e.attempts()).isEqualTo(1);
              });
    }
    assertThat(retries).isEmpty();
  }

  @Test
  void checkModel_passesWhenTheModelIsServed() throws Exception {
    server.enqueue(Fixtures.json(200, "{\"name\":\"fast\"}"));
    try (SentimentClient client = client().build()) {
      client.checkModel(Duration.ofSeconds(2));
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models/fast");
  }

  @Test
  void servedModel_readsTheVersionAndShareCorrectionFromTheMetadata_orNoneWhenItHasNone() {
    server.enqueue(
        Fixtures.json(
            200,
            "{\"name\":\"fast\",\"version\":\"v7\",\"share_correction\":{\"method\":"
                + "\"probabilistic_adjusted_classify_and_count\","
                + "\"labels\":[\"negative\",\"neutral\",\"positive\"],"
                + "\"matrix\":[[0.7,0.2,0.1],[0.2,0.5,0.3],[0.1,0.3,0.6]],"
                + "\"validation_counts\":[312,869,819]}}"));
    server.enqueue(Fixtures.json(200, "{\"name\":\"fast\"}"));
    server.enqueue(
        Fixtures.json(200, "{\"name\":\"fast\",\"share_correction\":{\"method\":\"guess\"}}"));
    try (SentimentClient client = client().build()) {
      ServedModel served = client.servedModel(Duration.ZERO, Duration.ofSeconds(2));
      var correction = served.shareCorrection();
      assertThat(served.version()).isEqualTo("v7");
      assertThat(correction.usesProbabilities()).isTrue();
      assertThat(correction.matrix()[1]).containsExactly(0.2, 0.5, 0.3);
      assertThat(correction.validationCounts()).containsExactly(312, 869, 819);

      assertThat(client.servedModel(Duration.ZERO, Duration.ofSeconds(2)).shareCorrection())
          .isNull();

      assertThatThrownBy(() -> client.servedModel(Duration.ZERO, Duration.ofSeconds(2)))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("share_correction of model 'fast'")
          .hasMessageContaining("not valid");
    }
  }

  @Test
  void checkModel_namesTheUrlAndTheModel_whenTheServiceDoesNotServeIt() {
    server.enqueue(Fixtures.problem(404, "no model 'fast'"));
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(() -> client.checkModel(Duration.ofSeconds(2)))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining(server.url("/v1/models/fast").toString())
          .hasMessageContaining("does not serve model 'fast'");
    }
  }

  @Test
  void checkModel_saysNothingAnswered_whenNoServiceListens() throws IOException {
    String url = server.url("/").toString();
    server.close();
    try (SentimentClient client =
        SentimentClient.builder(java.net.URI.create(url)).model("fast").build()) {
      assertThatThrownBy(() -> client.checkModel(Duration.ofSeconds(2)))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining(url + "v1/models/fast")
          .hasMessageContaining("nothing answered");
    }
  }

  @Test
  void awaitModel_waitsOutAServiceThatIsStarting_sayingSoOnce() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(Fixtures.problem(503, "starting"));
    }
    server.enqueue(Fixtures.json(200, "{\"name\":\"fast\",\"version\":\"v1\"}"));
    List<String> said = new CopyOnWriteArrayList<>();
    try (SentimentClient client = client().build()) {
      client.awaitModel(Duration.ofSeconds(60), Duration.ofSeconds(2), said::add);
    }
    assertThat(server.getRequestCount()).isEqualTo(6);
    // Half a second, then doubling to two: 7.5 s of the fake clock in all.
    assertThat(time.sleeps)
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
    assertThat(said).hasSize(1);
    assertThat(said.get(0))
        .contains("Waiting up to 60 s", server.url("/v1/models/fast").toString(), "HTTP 503");
  }

  @Test
  void awaitModel_givesUpAfterItsWait_sayingHowLongItWaited() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return Fixtures.problem(503, "still starting");
          }
        });
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(
              () -> client.awaitModel(Duration.ofSeconds(10), Duration.ofSeconds(2), m -> {}))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("is not ready after waiting 10 s")
          .hasMessageContaining("HTTP 503");
    }
    assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void awaitModel_failsAtOnce_onWhatNoWaitCures() {
    server.enqueue(Fixtures.problem(404, "no model 'fast'"));
    server.enqueue(Fixtures.problem(401, "no token"));
    server.enqueue(Fixtures.problem(403, "not invoker"));
    server.enqueue(Fixtures.json(200, "{\"kind\":\"something else\"}"));
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(
              () -> client.awaitModel(Duration.ofSeconds(60), Duration.ofSeconds(2), m -> {}))
          .hasMessageContaining("does not serve model 'fast'");
      assertThatThrownBy(
              () -> client.awaitModel(Duration.ofSeconds(60), Duration.ofSeconds(2), m -> {}))
          .hasMessageContaining("HTTP 401");
      assertThatThrownBy(
              () -> client.awaitModel(Duration.ofSeconds(60), Duration.ofSeconds(2), m -> {}))
          .hasMessageContaining("HTTP 403");
      assertThatThrownBy(
              () -> client.awaitModel(Duration.ofSeconds(60), Duration.ofSeconds(2), m -> {}))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.INVALID_RESPONSE))
          .hasMessageContaining("not with model 'fast''s metadata");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(time.sleeps).isEmpty();
  }
}
