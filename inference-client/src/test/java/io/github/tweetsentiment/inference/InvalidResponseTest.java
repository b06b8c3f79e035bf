package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 2xx whose body breaks the contract is a permanent failure, never a misaligned result. */
class InvalidResponseTest {

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;

  private void assertInvalid(MockResponse response, int instances, String message) {
    server.enqueue(response);
    try (SentimentClient client = endpoint.quickClient().build()) {
      assertThatThrownBy(() -> client.predict(instances(instances)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(InferenceException.Kind.INVALID_RESPONSE);
                assertThat(e.status()).isEqualTo(200);
                assertThat(e.retryable()).isFalse();
                assertThat(e.attempts()).isEqualTo(1);
              })
          .hasMessageContaining("invalid response")
          .hasMessageContaining(message);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(endpoint.calls.get(0).outcome()).isEqualTo(CallStats.Outcome.PERMANENT_FAILURE);
  }

  @Test
  void garbageBody() {
    assertInvalid(Fixtures.json(200, "\u0000\u00ff garbage <html>"), 1, "not valid JSON");
  }

  @Test
  void htmlBody() {
    assertInvalid(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/html; charset=utf-8")
            .body("<html><body>Service Unavailable</body></html>")
            .build(),
        1,
        "Content-Type text/html");
  }

  @Test
  void emptyBody() {
    assertInvalid(Fixtures.json(200, ""), 1, "");
  }

  @Test
  void jsonCutShortButCompletelyTransferred() {
    String cut = Fixtures.predictionsJson(2);
    assertInvalid(Fixtures.json(200, cut.substring(0, cut.length() / 2)), 2, "not valid JSON");
  }

  @Test
  void trailingGarbageAfterTheJson() {
    assertInvalid(Fixtures.json(200, Fixtures.predictionsJson(1) + "}{"), 1, "not valid JSON");
  }

  @Test
  void notAnObject() {
    assertInvalid(Fixtures.json(200, "[1,2]"), 1, "not a JSON object");
  }

  @Test
  void noPredictions() {
    assertInvalid(Fixtures.json(200, "{\"outputs\":[]}"), 1, "no \"predictions\" array");
  }

  @Test
  void fewerPredictionsThanInstances() {
    assertInvalid(Fixtures.ok(2), 3, "sent 3 instances but got 2 predictions");
  }

  @Test
  void morePredictionsThanInstances() {
    assertInvalid(Fixtures.ok(4), 3, "sent 3 instances but got 4 predictions");
  }

  @Test
  void unknownLabel() {
    assertInvalid(
        Fixtures.json(200, "{\"predictions\":[{\"label\":\"ecstatic\",\"score\":0.9}]}"),
        1,
        "predictions[0]: unknown sentiment label 'ecstatic'");
  }

  @Test
  void missingScore() {
    assertInvalid(
        Fixtures.json(200, "{\"predictions\":[{\"label\":\"neutral\"}]}"),
        1,
        "predictions[0]: prediction has no score");
  }

  @Test
  void scoreOutOfRange() {
    assertInvalid(
        Fixtures.json(
            200,
            "{\"predictions\":["
                + Fixtures.prediction(0)
                + ",{\"label\":\"neutral\",\"score\":1.7}]}"),
        2,
        "predictions[1]: score must be in [0, 1]");
  }

  @Test
  void probabilityOutOfRange() {
    assertInvalid(
        Fixtures.json(
            200,
            "{\"predictions\":[{\"label\":\"neutral\",\"score\":0.5,"
                + "\"probabilities\":{\"neutral\":0.5,\"negative\":-0.1}}]}"),
        1,
        "probability of 'negative' must be in [0, 1]");
  }

  @Test
  void predictionOfTheWrongType() {
    assertInvalid(
        Fixtures.json(200, "{\"predictions\":[\"positive\"]}"), 1, "predictions[0] is not");
  }

  @Test
  void echoedIdThatBelongsToAnotherInstance() {
    assertInvalid(
        Fixtures.json(
            200,
            "{\"predictions\":[{\"id\":\"2\",\"label\":\"neutral\",\"score\":0.5},"
                + "{\"id\":\"1\",\"label\":\"neutral\",\"score\":0.5}]}"),
        2,
        "predictions[0] has id 2 but instance 0 has id 1");
  }

  @Test
  void echoedIdsThatMatch_areAccepted() {
    server.enqueue(
        Fixtures.json(
            200,
            "{\"predictions\":[{\"id\":\"1\",\"label\":\"neutral\",\"score\":0.5},"
                + "{\"id\":\"2\",\"label\":\"positive\",\"score\":0.8}]}"));
    try (SentimentClient client = SentimentClient.builder(server.url("/").uri()).build()) {
      assertThat(client.predict(instances(2))).hasSize(2);
    }
  }
}
