package io.github.tweetsentiment.inference;

import static io.github.tweetsentiment.inference.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.predict.PredictInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 413 halves the batch until the endpoint accepts it, keeping predictions in order. */
class SplitTest {

  @RegisterExtension final Fixtures.Endpoint endpoint = new Fixtures.Endpoint();
  private final List<CallStats> calls = endpoint.calls;
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

  /**
   * Refuses batches larger than {@code limit} (and any instance whose text says "huge"), and
   * otherwise labels each instance by its id modulo 3, so misalignment would show.
   */
  private void serveWithLimit(int limit) {
    endpoint.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            JsonNode instances = Fixtures.sentInstances(request);
            batchSizes.add(instances.size());
            boolean huge = false;
            List<Integer> labels = new ArrayList<>();
            for (JsonNode instance : instances) {
              huge |= instance.get("text").asText().contains("huge");
              labels.add(Integer.parseInt(instance.get("id").asText()));
            }
            if (instances.size() > limit || huge) {
              return Fixtures.problem(413, "at most " + limit + " instances per request");
            }
            return Fixtures.json(200, Fixtures.predictionsJson(labels));
          }
        });
  }

  @Test
  void predict_splitsInHalvesUntilAccepted_andKeepsOrder() {
    serveWithLimit(3);
    List<Prediction> predictions;
    try (SentimentClient client = endpoint.quickClient().build()) {
      predictions = client.predict(instances(10));
    }
    assertThat(predictions).hasSize(10);
    for (int i = 0; i < 10; i++) {
      // Instance ids are 1..10; the server labels id k with k % 3.
      assertThat(predictions.get(i).label()).isEqualTo(SentimentLabel.fromIndex((i + 1) % 3));
    }
    // 10 -> 5 + 5 -> (2 + 3) + (2 + 3)
    assertThat(batchSizes).containsExactly(10, 5, 2, 3, 5, 2, 3);
    assertThat(calls.get(0).attempts()).isEqualTo(7);
    assertThat(calls.get(0).batchSize()).isEqualTo(10);
    assertThat(calls.get(0).outcome()).isEqualTo(CallStats.Outcome.SUCCESS);
  }

  @Test
  void predict_whenASingleInstanceIsTooLarge_failsNamingIt() {
    serveWithLimit(8);
    List<PredictInstance> batch = new ArrayList<>(instances(4));
    batch.set(2, new PredictInstance("3", "huge " + "x".repeat(1000)));
    try (SentimentClient client = endpoint.quickClient().build()) {
      assertThatThrownBy(() -> client.predict(batch))
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(413);
                assertThat(e.detail()).isEqualTo("at most 8 instances per request");
                assertThat(e.retryable()).isFalse();
                // 4 -> 2 (ok) + 2 (413) -> 1 (413, "3")
                assertThat(e.attempts()).isEqualTo(4);
              })
          .hasMessageContaining("a single instance is too large");
    }
    assertThat(batchSizes).containsExactly(4, 2, 2, 1);
  }
}
