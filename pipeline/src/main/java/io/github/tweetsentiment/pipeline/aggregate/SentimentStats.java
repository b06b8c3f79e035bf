package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Running totals of one window and query: counts per label, the sums behind the means, the sums of
 * each label's probability, which a model's share correction turns into estimated true shares, and
 * the version of the model that scored them.
 *
 * @param modelVersion the scoring model's version; several, comma-separated in order, when a model
 *     was redeployed while the window filled; null when the service named none
 */
@DefaultCoder(SentimentStats.SentimentStatsCoder.class)
public record SentimentStats(
    long negative,
    long neutral,
    long positive,
    double scoreSum,
    double polaritySum,
    double negativeProbability,
    double neutralProbability,
    double positiveProbability,
    @Nullable String modelVersion) {

  public static final SentimentStats EMPTY = new SentimentStats(0, 0, 0, 0, 0);

  /** Totals whose probability sums are the label counts (predictions without probabilities). */
  public SentimentStats(
      long negative, long neutral, long positive, double scoreSum, double polaritySum) {
    this(negative, neutral, positive, scoreSum, polaritySum, negative, neutral, positive, null);
  }

  /** Totals of an unnamed model version. */
  public SentimentStats(
      long negative,
      long neutral,
      long positive,
      double scoreSum,
      double polaritySum,
      double negativeProbability,
      double neutralProbability,
      double positiveProbability) {
    this(
        negative,
        neutral,
        positive,
        scoreSum,
        polaritySum,
        negativeProbability,
        neutralProbability,
        positiveProbability,
        null);
  }

  /** The totals of one prediction. */
  public static SentimentStats of(Prediction p) {
    long negative = p.label() == SentimentLabel.NEGATIVE ? 1 : 0;
    long neutral = p.label() == SentimentLabel.NEUTRAL ? 1 : 0;
    long positive = p.label() == SentimentLabel.POSITIVE ? 1 : 0;
    boolean probabilities = !p.probabilities().isEmpty();
    return new SentimentStats(
        negative,
        neutral,
        positive,
        p.score(),
        polarity(p),
        probabilities ? p.probability(SentimentLabel.NEGATIVE) : negative,
        probabilities ? p.probability(SentimentLabel.NEUTRAL) : neutral,
        probabilities ? p.probability(SentimentLabel.POSITIVE) : positive,
        p.modelVersion());
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
        polaritySum + o.polaritySum,
        negativeProbability + o.negativeProbability,
        neutralProbability + o.neutralProbability,
        positiveProbability + o.positiveProbability,
        mergeVersions(modelVersion, o.modelVersion));
  }

  /** Both versions, sorted and comma-separated, without repeats: the same whatever the order. */
  static @Nullable String mergeVersions(@Nullable String a, @Nullable String b) {
    if (a == null || a.equals(b)) {
      return b == null ? a : b;
    }
    if (b == null) {
      return a;
    }
    TreeSet<String> versions = new TreeSet<>(Arrays.asList(a.split(",")));
    versions.addAll(Arrays.asList(b.split(",")));
    return String.join(",", versions);
  }

  /** The label counts, in negative, neutral, positive order. */
  public double[] counts() {
    return new double[] {negative, neutral, positive};
  }

  /** The probability sums, in negative, neutral, positive order. */
  public double[] probabilitySums() {
    return new double[] {negativeProbability, neutralProbability, positiveProbability};
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

  /**
   * Version 3: the three counts, the two sums, the three probability sums and the model version.
   * Version 2 decodes without a model version; version 1 (no probability sums) with the counts as
   * probability sums.
   */
  public static final class SentimentStatsCoder extends VersionedCoder<SentimentStats> {
    private static final SentimentStatsCoder INSTANCE = new SentimentStatsCoder();

    private SentimentStatsCoder() {
      super(3);
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
      Fields.writeDouble(s.negativeProbability, out);
      Fields.writeDouble(s.neutralProbability, out);
      Fields.writeDouble(s.positiveProbability, out);
      Fields.writeNullableString(s.modelVersion, out);
    }

    @Override
    protected SentimentStats decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion < 1 || formatVersion > 3) {
        throw unknownVersion(formatVersion);
      }
      long negative = Fields.readLong(in);
      long neutral = Fields.readLong(in);
      long positive = Fields.readLong(in);
      double scoreSum = Fields.readDouble(in);
      double polaritySum = Fields.readDouble(in);
      if (formatVersion == 1) {
        return new SentimentStats(negative, neutral, positive, scoreSum, polaritySum);
      }
      return new SentimentStats(
          negative,
          neutral,
          positive,
          scoreSum,
          polaritySum,
          Fields.readDouble(in),
          Fields.readDouble(in),
          Fields.readDouble(in),
          formatVersion == 3 ? Fields.readNullableString(in) : null);
    }
  }
}
