package io.github.tweetsentiment.pipeline.coders;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a {@link Prediction}: the label by its wire name (stable if labels are ever reordered),
 * the score, the probabilities in label order, the model and its version.
 */
public final class PredictionCoder extends VersionedCoder<Prediction> {

  private static final PredictionCoder INSTANCE = new PredictionCoder();

  private PredictionCoder() {
    super(
        1,
        (out, p) ->
            out.string(p.label().wireName())
                .float64(p.score())
                // A TreeMap iterates the labels in their enum order, as the format requires.
                .list(
                    (o, e) -> o.string(e.getKey().wireName()).float64(e.getValue()),
                    new TreeMap<>(p.probabilities()).entrySet())
                .optional(FieldOutput::string, p.model())
                .optional(FieldOutput::string, p.modelVersion()),
        in ->
            new Prediction(
                SentimentLabel.fromWireName(in.string()),
                in.float64(),
                byLabel(
                    in.list(i -> Map.entry(SentimentLabel.fromWireName(i.string()), i.float64()))),
                in.optional(FieldInput::string),
                in.optional(FieldInput::string)));
  }

  public static PredictionCoder of() {
    return INSTANCE;
  }

  private static Map<SentimentLabel, Double> byLabel(
      List<Map.Entry<SentimentLabel, Double>> entries) {
    Map<SentimentLabel, Double> probabilities = new EnumMap<>(SentimentLabel.class);
    entries.forEach(e -> probabilities.put(e.getKey(), e.getValue()));
    return probabilities;
  }
}
