package io.github.tweetsentiment.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.service.EmbeddedSentimentService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real sentiment service, started in-process with the fast model. */
class SentimentServiceIT {

  private static EmbeddedSentimentService service;

  private final List<CallStats> calls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startService() {
    service = EmbeddedSentimentService.start("fast");
  }

  @AfterAll
  static void stopService() {
    if (service != null) {
      service.close();
    }
  }

  private SentimentClient.Builder client() {
    // Loopback: no auth by default.
    return SentimentClient.builder(service.baseUrl()).model("fast").listener(calls::add);
  }

  @Test
  void predict_scoresEachTextInOrder() {
    List<PredictInstance> instances =
        List.of(
            new PredictInstance("1", "I love this phone, the battery is amazing and I am so happy"),
            new PredictInstance("2", "worst purchase ever, it broke in a day, I hate it"),
            new PredictInstance("3", "the store opens at nine tomorrow 🔋"));
    List<Prediction> predictions;
    try (SentimentClient client = client().build()) {
      predictions = client.predict(instances);
    }
    assertThat(predictions).hasSize(3);
    for (Prediction p : predictions) {
      assertThat(p.model()).isEqualTo("fast");
      assertThat(p.modelVersion()).isNotBlank();
      assertThat(p.score()).isBetween(0.0, 1.0);
      assertThat(p.probabilities()).containsOnlyKeys(SentimentLabel.values());
      assertThat(p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, within(1e-3));
    }
    assertThat(predictions.get(0).probability(SentimentLabel.POSITIVE))
        .isGreaterThan(predictions.get(1).probability(SentimentLabel.POSITIVE));
    assertThat(predictions.get(1).probability(SentimentLabel.NEGATIVE))
        .isGreaterThan(predictions.get(0).probability(SentimentLabel.NEGATIVE));
    assertThat(calls).singleElement().satisfies(s -> assertThat(s.attempts()).isEqualTo(1));
  }

  @Test
  void predict_aboveTheServicesInstanceLimit_splitsOn413_andStaysAligned() {
    // The service takes at most 256 instances per request and answers 413 above that.
    List<PredictInstance> instances = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String text =
          i % 2 == 0 ? "great wonderful day number " + i : "terrible awful day number " + i;
      instances.add(new PredictInstance(String.valueOf(i), text));
    }
    try (SentimentClient client = client().build()) {
      List<Prediction> batched = client.predict(instances);
      assertThat(batched).hasSize(300);
      assertThat(calls.get(0).attempts()).isEqualTo(3);
      for (int i : new int[] {0, 1, 149, 150, 151, 299}) {
        Prediction alone = client.predict(List.of(instances.get(i))).get(0);
        assertThat(batched.get(i)).as("prediction %d", i).isEqualTo(alone);
      }
    }
  }

  @Test
  void predict_withAnUnknownModel_failsWithTheServicesProblemDetail() {
    try (SentimentClient client = client().model("no-such-model").build()) {
      assertThatThrownBy(() -> client.predict(List.of(new PredictInstance("1", "hello"))))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.detail()).isNotBlank();
                assertThat(e.retryable()).isFalse();
                assertThat(e.attempts()).isEqualTo(1);
              });
    }
  }

  @Test
  void predict_withATextAboveTheLimit_failsWith400NamingIt() {
    List<PredictInstance> instances =
        List.of(new PredictInstance("1", "fine"), new PredictInstance("2", "x".repeat(25_001)));
    try (SentimentClient client = client().build()) {
      assertThatThrownBy(() -> client.predict(instances))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.detail()).contains("instances[1]");
                assertThat(e.retryable()).isFalse();
              });
    }
  }
}
