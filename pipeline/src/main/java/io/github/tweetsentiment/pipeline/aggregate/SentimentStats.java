package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Running totals of one window and query: counts per label and the sums behind the means. */
@DefaultCoder(SentimentStats.SentimentStatsCoder.class)
public record SentimentStats(
    long negative, long neutral, long positive, double scoreSum, double polaritySum) {

  public static final SentimentStats EMPTY = new SentimentStats(0, 0, 0, 0, 0);

  /** The totals of one prediction. */
  public static SentimentStats of(Prediction p) {
    return new SentimentStats(
        p.label() == SentimentLabel.NEGATIVE ? 1 : 0,
        p.label() == SentimentLabel.NEUTRAL ? 1 : 0,
        p.label() == SentimentLabel.POSITIVE ? 1 : 0,
        p.score(),
        polarity(p));
  }

  /**
   * P(positive) - P(negative), in [-1, 1]; from the label and score alone when the endpoint sent no
   * probabilities.
   */
  static double polarity(Prediction p) {
    if (!p.probabilities().isEmpty()) {
      return p.probability(SentimentLabel.POSITIVE) - p.probability(SentimentLabel.NEGATIVE);
    }
    return switch (p.label()) {
      case POSITIVE -> p.score();
      case NEGATIVE -> -p.score();
      case NEUTRAL -> 0.0;
    };
  }

  public SentimentStats plus(SentimentStats o) {
    return new SentimentStats(
        negative + o.negative,
        neutral + o.neutral,
        positive + o.positive,
        scoreSum + o.scoreSum,
        polaritySum + o.polaritySum);
  }

  public long count() {
    return negative + neutral + positive;
  }

  public double meanScore() {
    return count() == 0 ? 0.0 : scoreSum / count();
  }

  public double meanPolarity() {
    return count() == 0 ? 0.0 : polaritySum / count();
  }

  /** The three counts and the two sums. */
  public static final class SentimentStatsCoder extends VersionedCoder<SentimentStats> {
    private static final SentimentStatsCoder INSTANCE = new SentimentStatsCoder();

    private SentimentStatsCoder() {
      super(1);
    }

    public static SentimentStatsCoder of() {
      return INSTANCE;
    }

    /** What {@code @DefaultCoder} calls to find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(SentimentStats.class), INSTANCE);
    }

    @Override
    protected void encodeFields(SentimentStats s, OutputStream out) throws IOException {
      Fields.writeLong(s.negative, out);
      Fields.writeLong(s.neutral, out);
      Fields.writeLong(s.positive, out);
      Fields.writeDouble(s.scoreSum, out);
      Fields.writeDouble(s.polaritySum, out);
    }

    @Override
    protected SentimentStats decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion != 1) {
        throw unknownVersion(formatVersion);
      }
      return new SentimentStats(
          Fields.readLong(in),
          Fields.readLong(in),
          Fields.readLong(in),
          Fields.readDouble(in),
          Fields.readDouble(in));
    }
  }
}
