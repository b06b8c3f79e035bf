package io.github.tweetsentiment.core.predict;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One element of a predict response's {@code predictions}, aligned with the request's instance at
 * the same index: {@code {"label": "positive", "score": 0.91, "probabilities": {...}}}.
 */
public record PredictResult(String label, Double score, Map<String, Double> probabilities) {

  /** The wire form of a prediction. */
  public static PredictResult of(Prediction prediction) {
    Map<String, Double> probs = new LinkedHashMap<>();
    prediction.probabilities().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> probs.put(e.getKey().wireName(), e.getValue()));
    return new PredictResult(prediction.label().wireName(), prediction.score(), probs);
  }

  /**
   * Back to a {@link Prediction}, validating what a remote endpoint sent.
   *
   * @throws IllegalArgumentException naming the field when the label is unknown or the score is
   *     missing or outside [0, 1]
   */
  public Prediction toPrediction(String model, String modelVersion) {
    if (label == null) {
      throw new IllegalArgumentException("prediction has no label");
    }
    if (score == null) {
      throw new IllegalArgumentException("prediction has no score");
    }
    Map<SentimentLabel, Double> byLabel = new java.util.EnumMap<>(SentimentLabel.class);
    if (probabilities != null) {
      probabilities.forEach(
          (name, p) -> {
            if (p == null) {
              throw new IllegalArgumentException("probability of '" + name + "' is null");
            }
            byLabel.put(SentimentLabel.fromWireName(name), p);
          });
    }
    return new Prediction(SentimentLabel.fromWireName(label), score, byLabel, model, modelVersion);
  }
}
