package io.github.tweetsentiment.pipeline.coders;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Encodes a {@link Prediction}: the label by its wire name (stable if labels are ever reordered),
 * the score, the probabilities in label order, the model and its version.
 */
public final class PredictionCoder extends VersionedCoder<Prediction> {

  private static final PredictionCoder INSTANCE = new PredictionCoder();

  private PredictionCoder() {
    super(1);
  }

  public static PredictionCoder of() {
    return INSTANCE;
  }

  @Override
  protected void encodeFields(Prediction p, OutputStream out) throws IOException {
    Fields.writeString(p.label().wireName(), out);
    Fields.writeDouble(p.score(), out);
    Map<SentimentLabel, Double> probabilities = p.probabilities();
    Fields.writeInt(probabilities.size(), out);
    for (SentimentLabel label : SentimentLabel.values()) {
      Double probability = probabilities.get(label);
      if (probability != null) {
        Fields.writeString(label.wireName(), out);
        Fields.writeDouble(probability, out);
      }
    }
    Fields.writeNullableString(p.model(), out);
    Fields.writeNullableString(p.modelVersion(), out);
  }

  @Override
  protected Prediction decodeFields(int formatVersion, InputStream in) throws IOException {
    if (formatVersion != 1) {
      throw unknownVersion(formatVersion);
    }
    SentimentLabel label = SentimentLabel.fromWireName(Fields.readString(in));
    double score = Fields.readDouble(in);
    int n = Fields.readInt(in);
    Map<SentimentLabel, Double> probabilities = new EnumMap<>(SentimentLabel.class);
    for (int i = 0; i < n; i++) {
      probabilities.put(SentimentLabel.fromWireName(Fields.readString(in)), Fields.readDouble(in));
    }
    return new Prediction(
        label, score, probabilities, Fields.readNullableString(in), Fields.readNullableString(in));
  }
}
