package io.github.tweetsentiment.core;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A model's sentiment for one text: the winning label, its probability as {@code score}, every
 * class's probability, and which model produced it.
 */
public record Prediction(
    SentimentLabel label,
    double score,
    Map<SentimentLabel, Double> probabilities,
    String model,
    String modelVersion)
    implements Serializable {

  public Prediction {
    Objects.requireNonNull(label, "label");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    probabilities =
        probabilities == null || probabilities.isEmpty()
            ? Map.of()
            : Map.copyOf(new EnumMap<>(probabilities));
  }

  /** The prediction for a probability vector in {@link SentimentLabel} order: the arg-max wins. */
  public static Prediction fromProbabilities(double[] probs, String model, String modelVersion) {
    if (probs.length != SentimentLabel.values().length) {
      throw new IllegalArgumentException(
          "expected " + SentimentLabel.values().length + " probabilities, got " + probs.length);
    }
    Map<SentimentLabel, Double> byLabel = new EnumMap<>(SentimentLabel.class);
    int best = 0;
    for (int i = 0; i < probs.length; i++) {
      byLabel.put(SentimentLabel.fromIndex(i), probs[i]);
      if (probs[i] > probs[best]) {
        best = i;
      }
    }
    return new Prediction(
        SentimentLabel.fromIndex(best), probs[best], byLabel, model, modelVersion);
  }

  /** The probability of {@code label}, or 0 when the model did not report it. */
  public double probability(SentimentLabel label) {
    return probabilities.getOrDefault(label, 0.0);
  }
}
