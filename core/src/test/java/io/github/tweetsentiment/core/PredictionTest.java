package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.predict.PredictRequest;
import io.github.tweetsentiment.core.predict.PredictResponse;
import io.github.tweetsentiment.core.predict.PredictResult;
import io.github.tweetsentiment.core.predict.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionTest {

  @Test
  void fromProbabilities_picksTheArgMaxAsLabelAndScore() {
    Prediction p = Prediction.fromProbabilities(new double[] {0.1, 0.2, 0.7}, "fast", "3");

    assertThat(p.label()).isEqualTo(SentimentLabel.POSITIVE);
    assertThat(p.score()).isEqualTo(0.7);
    assertThat(p.probability(SentimentLabel.NEUTRAL)).isEqualTo(0.2);
    assertThat(p.model()).isEqualTo("fast");
  }

  @Test
  void scoreOutsideUnitInterval_isRejected() {
    assertThatThrownBy(() -> new Prediction(SentimentLabel.NEUTRAL, 1.5, Map.of(), "m", "1"))
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> new Prediction(SentimentLabel.NEUTRAL, Double.NaN, Map.of(), "m", "1"))
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void predictResponse_usesTheVertexWireShape() throws Exception {
    Prediction p = Prediction.fromProbabilities(new double[] {0.02, 0.07, 0.91}, "accurate", "1");
    String json =
        TweetJson.toJson(new PredictResponse(List.of(PredictResult.of(p)), "accurate", "1"));

    assertThat(json)
        .isEqualTo(
            "{\"predictions\":[{\"label\":\"positive\",\"score\":0.91,\"probabilities\":"
                + "{\"negative\":0.02,\"neutral\":0.07,\"positive\":0.91}}],"
                + "\"model\":\"accurate\",\"model_version\":\"1\"}");
    PredictResponse back = TweetJson.mapper().readValue(json, PredictResponse.class);
    assertThat(back.predictions().get(0).toPrediction("accurate", "1")).isEqualTo(p);
  }

  @Test
  void predictResult_withUnknownLabel_failsClearly() {
    PredictResult bad = new PredictResult("ecstatic", 0.9, Map.of());
    assertThatThrownBy(() -> bad.toPrediction("m", "1")).hasMessageContaining("'ecstatic'");
    PredictResult noScore = new PredictResult("positive", null, Map.of());
    assertThatThrownBy(() -> noScore.toPrediction("m", "1")).hasMessageContaining("no score");
  }

  @Test
  void predictRequest_readsInstancesAndIgnoresUnknownFields() throws Exception {
    PredictRequest request =
        TweetJson.mapper()
            .readValue(
                "{\"instances\":[{\"id\":\"1\",\"text\":\"hi\",\"extra\":true}],\"parameters\":{}}",
                PredictRequest.class);
    assertThat(request.instances()).hasSize(1);
    assertThat(request.instances().get(0).text()).isEqualTo("hi");
  }

  @Test
  void problem_omitsNullMembers() {
    assertThat(TweetJson.toJson(Problem.of(400, "Bad Request", "text is missing")))
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"text is missing\"}");
  }

  @Test
  void sentimentLabel_wireNamesAndIndicesFollowTweetEval() {
    assertThat(SentimentLabel.fromIndex(0)).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(SentimentLabel.fromIndex(2)).isEqualTo(SentimentLabel.POSITIVE);
    assertThat(SentimentLabel.fromWireName(" Neutral ")).isEqualTo(SentimentLabel.NEUTRAL);
    assertThatThrownBy(() -> SentimentLabel.fromIndex(3)).hasMessageContaining("0, 1 or 2");
  }
}
