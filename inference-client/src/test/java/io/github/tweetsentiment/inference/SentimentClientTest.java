package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SentimentClientTest {

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final MockWebServer server = endpoint.server;
  private final List<CallStats> calls = endpoint.calls;

  @Test
  void predict_postsInstancesToTheModelPath_andReturnsPredictionsInOrder() throws Exception {
    server.enqueue(Fixtures.ok(4));
    try (SentimentClient client = endpoint.client("/").build()) {
      List<Prediction> predictions = client.predict(instances(4));

      assertThat(predictions)
          .extracting(Prediction::label)
          .containsExactly(
              SentimentLabel.NEGATIVE,
              SentimentLabel.NEUTRAL,
              SentimentLabel.POSITIVE,
              SentimentLabel.NEGATIVE);
      assertThat(predictions.get(2).score()).isEqualTo(0.6);
      assertThat(predictions.get(2).probability(SentimentLabel.NEGATIVE)).isEqualTo(0.2);
      assertThat(predictions.get(0).model()).isEqualTo("accurate");
      assertThat(predictions.get(0).modelVersion()).isEqualTo("2026-11-25");
    }

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/v1/models/accurate:predict");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("Accept")).contains("application/problem+json");
    JsonNode body = TweetJson.mapper().readTree(request.getBody().utf8());
    assertThat(body.get("instances")).hasSize(4);
    assertThat(body.get("instances").get(3).get("id").asText()).isEqualTo("4");
    assertThat(body.get("instances").get(3).get("text").asText()).isEqualTo("text 4");

    assertThat(calls)
        .singleElement()
        .satisfies(
            stats -> {
              assertThat(stats.outcome()).isEqualTo(CallStats.Outcome.SUCCESS);
              assertThat(stats.batchSize()).isEqualTo(4);
              assertThat(stats.attempts()).isEqualTo(1);
              assertThat(stats.status()).isEqualTo(200);
              assertThat(stats.model()).isEqualTo("accurate");
            });
  }

  @Test
  void predict_withAPathPrefixAndModel_keepsThePrefix() throws Exception {
    server.enqueue(Fixtures.ok(1));
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient withSlash = endpoint.client("/gateway/sentiment/").model("fast").build();
        SentimentClient withoutSlash =
            endpoint.client("/gateway/sentiment").model("fast").build()) {
      withSlash.predict(instances(1));
      withoutSlash.predict(instances(1));
      assertThat(withSlash.predictUri()).isEqualTo(withoutSlash.predictUri());
    }

    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/gateway/sentiment/v1/models/fast:predict");
    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/gateway/sentiment/v1/models/fast:predict");
  }

  @Test
  void predict_whenTheResponseNamesNoModel_recordsTheRequestedModel() {
    server.enqueue(Fixtures.json(200, "{\"predictions\":[" + Fixtures.prediction(2) + "]}"));
    try (SentimentClient client = endpoint.client("/").model("fast").build()) {
      Prediction prediction = client.predict(instances(1)).get(0);
      assertThat(prediction.model()).isEqualTo("fast");
      assertThat(prediction.modelVersion()).isNull();
      assertThat(prediction.label()).isEqualTo(SentimentLabel.POSITIVE);
    }
  }

  @Test
  void predict_sendsUnicodeTextIntact() throws Exception {
    server.enqueue(Fixtures.ok(1));
    String text = "not bad at all 🔋 \"quoted\" \\ ünïcödé\nnew line";
    try (SentimentClient client = endpoint.client("/").build()) {
      client.predict(List.of(new PredictInstance(null, text)));
    }
    JsonNode body = TweetJson.mapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(body.get("instances").get(0).get("text").asText()).isEqualTo(text);
    assertThat(body.get("instances").get(0).get("id").isNull()).isTrue();
  }

  @Test
  void predict_withNoInstances_makesNoRequest() {
    try (SentimentClient client = endpoint.client("/").build()) {
      assertThat(client.predict(List.of())).isEmpty();
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(calls).isEmpty();
  }

  @Test
  void predict_withANullText_failsBeforeSending() {
    List<PredictInstance> batch = new ArrayList<>(instances(2));
    batch.add(new PredictInstance("3", null));
    try (SentimentClient client = endpoint.client("/").build()) {
      assertThatThrownBy(() -> client.predict(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("instances[2].text is null");
      assertThatThrownBy(() -> client.predict(Arrays.asList(new PredictInstance[] {null})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("instances[0] is null");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void predict_afterClose_isRefused() {
    SentimentClient client = endpoint.client("/").build();
    client.close();
    assertThatThrownBy(() -> client.predict(instances(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void predict_doesNotFollowRedirects_andSaysWhereTheyPoint() {
    server.enqueue(
        new mockwebserver3.MockResponse.Builder()
            .code(307)
            .setHeader("Location", "https://elsewhere.example/v1/models/accurate:predict")
            .build());
    try (SentimentClient client = endpoint.client("/").build()) {
      assertThatThrownBy(() -> client.predict(instances(1)))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(307);
                assertThat(e.retryable()).isFalse();
              })
          .hasMessageContaining("redirect to https://elsewhere.example");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void listener_thatThrows_doesNotFailTheCall() {
    server.enqueue(Fixtures.ok(1));
    try (SentimentClient client =
        SentimentClient.builder(server.url("/").uri())
            .listener(
                stats -> {
                  throw new IllegalStateException("metrics sink down");
                })
            .build()) {
      assertThat(client.predict(instances(1))).hasSize(1);
    }
  }

  @Test
  void builder_rejectsWhatCannotWork() {
    assertThatThrownBy(() -> SentimentClient.builder(URI.create("ftp://host/")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute http or https URL");
    assertThatThrownBy(() -> SentimentClient.builder(URI.create("/relative")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SentimentClient.builder(URI.create("http://localhost/?a=b")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(
            () -> SentimentClient.builder(URI.create("http://user:secret@localhost/")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
    SentimentClient.Builder builder = SentimentClient.builder(URI.create("http://localhost/"));
    assertThatThrownBy(() -> builder.model(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.model("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.readTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                builder
                    .initialBackoff(java.time.Duration.ofSeconds(5))
                    .maxBackoff(java.time.Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void isLoopback_recognisesLocalAddressesWithoutDns() {
    assertThat(SentimentClient.isLoopback(okhttp3.HttpUrl.get("http://localhost:8080/"))).isTrue();
    assertThat(SentimentClient.isLoopback(okhttp3.HttpUrl.get("http://127.0.0.1/"))).isTrue();
    assertThat(SentimentClient.isLoopback(okhttp3.HttpUrl.get("http://127.1.2.3/"))).isTrue();
    assertThat(SentimentClient.isLoopback(okhttp3.HttpUrl.get("http://[::1]:9000/"))).isTrue();
    assertThat(SentimentClient.isLoopback(okhttp3.HttpUrl.get("https://10.0.0.1/"))).isFalse();
    assertThat(
            SentimentClient.isLoopback(okhttp3.HttpUrl.get("https://sentiment-abc-uc.a.run.app/")))
        .isFalse();
  }
}
