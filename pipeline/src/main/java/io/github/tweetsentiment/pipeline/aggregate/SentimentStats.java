package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.coders.FieldInput;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Running totals of one window and query: counts per label, the sums behind the means, the sums of
 * each label's probability, which a model's share correction turns into estimated true shares, and
 * the version of the model that scored them.
 *
 * @param modelVersion the scoring model's version; several, comma-separated in order, when a model
 *     was redeployed while the window filled; null when the service named none
 * @param versionParts each version's part of the totals, in version order, when more than one
 *     version scored the window (each version's share correction applies to its own part); empty
 *     when one did, whose part is then the whole
 * @param grid how many tweets had their probabilities in each posterior-grid cell, for EMQ
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
    @Nullable String modelVersion,
    List<VersionPart> versionParts,
    GridCounts grid) {

  public static final SentimentStats EMPTY = new SentimentStats(0, 0, 0, 0, 0);

  public SentimentStats {
    versionParts = List.copyOf(versionParts);
    Objects.requireNonNull(grid, "grid");
  }

  /** Totals scored by one model version (or by versions the service did not name). */
  public SentimentStats(
      long negative,
      long neutral,
      long positive,
      double scoreSum,
      double polaritySum,
      double negativeProbability,
      double neutralProbability,
      double positiveProbability,
      @Nullable String modelVersion) {
    this(
        negative,
        neutral,
        positive,
        scoreSum,
        polaritySum,
        negativeProbability,
        neutralProbability,
        positiveProbability,
        modelVersion,
        List.of(),
        GridCounts.EMPTY);
  }

  /** Totals whose probability sums are the label counts (predictions without probabilities). */
  public SentimentStats(
      long negative, long neutral, long positive, double scoreSum, double polaritySum) {
    this(negative, neutral, positive, scoreSum, polaritySum, negative, neutral, positive, null);
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
        p.modelVersion(),
        List.of(),
        probabilities
            ? GridCounts.of(
                new double[] {
                  p.probability(SentimentLabel.NEGATIVE),
                  p.probability(SentimentLabel.NEUTRAL),
                  p.probability(SentimentLabel.POSITIVE)
                })
            : GridCounts.EMPTY);
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
        mergeVersions(modelVersion, o.modelVersion),
        mergeParts(this, o),
        grid.plus(o.grid));
  }

  /**
   * The parts of a sum: none while one version scored everything (the common case costs nothing),
   * else each version's totals added up by version. Empty totals (the combiner's start) add none.
   */
  private static List<VersionPart> mergeParts(SentimentStats a, SentimentStats b) {
    if (b.count() == 0) {
      return a.versionParts;
    }
    if (a.count() == 0) {
      return b.versionParts;
    }
    if (a.versionParts.isEmpty()
        && b.versionParts.isEmpty()
        && Objects.equals(a.modelVersion, b.modelVersion)) {
      return List.of();
    }
    TreeMap<String, VersionPart> parts = new TreeMap<>();
    for (VersionPart p : a.parts()) {
      parts.merge(p.version(), p, VersionPart::plus);
    }
    for (VersionPart p : b.parts()) {
      parts.merge(p.version(), p, VersionPart::plus);
    }
    return List.copyOf(parts.values());
  }

  /**
   * Each model version's part of the totals, in version order: one part, the whole, when one
   * version scored the window. A version the service did not name is {@code ""}.
   */
  public List<VersionPart> parts() {
    if (!versionParts.isEmpty()) {
      return versionParts;
    }
    return List.of(
        new VersionPart(
            modelVersion == null ? "" : modelVersion,
            negative,
            neutral,
            positive,
            negativeProbability,
            neutralProbability,
            positiveProbability,
            grid));
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
   * One model version's label counts and probability sums within a window: what that version's
   * share correction corrects.
   *
   * @param version the model version; {@code ""} when the service named none
   * @param grid this version's tweets per posterior-grid cell
   */
  public record VersionPart(
      String version,
      long negative,
      long neutral,
      long positive,
      double negativeProbability,
      double neutralProbability,
      double positiveProbability,
      GridCounts grid) {

    public VersionPart {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(grid, "grid");
    }

    VersionPart plus(VersionPart o) {
      return new VersionPart(
          version,
          negative + o.negative,
          neutral + o.neutral,
          positive + o.positive,
          negativeProbability + o.negativeProbability,
          neutralProbability + o.neutralProbability,
          positiveProbability + o.positiveProbability,
          grid.plus(o.grid));
    }

    public long count() {
      return negative + neutral + positive;
    }

    /** The label counts, in negative, neutral, positive order. */
    public double[] counts() {
      return new double[] {negative, neutral, positive};
    }

    /** The probability sums, in negative, neutral, positive order. */
    public double[] probabilitySums() {
      return new double[] {negativeProbability, neutralProbability, positiveProbability};
    }
  }

  /**
   * Version 5: the three counts, the two sums, the three probability sums, the model version, the
   * version parts (a count, then each part's version, counts, probability sums and posterior grid)
   * and the posterior grid. Version 4 decodes without grids, version 3 without parts, version 2
   * without a model version; version 1 (no probability sums) with the counts as probability sums.
   */
  public static final class SentimentStatsCoder extends VersionedCoder<SentimentStats> {
    private static final SentimentStatsCoder INSTANCE = new SentimentStatsCoder();

    private SentimentStatsCoder() {
      super(5, 1, SentimentStatsCoder::write, SentimentStatsCoder::read);
    }

    public static SentimentStatsCoder of() {
      return INSTANCE;
    }

    private static void write(FieldOutput out, SentimentStats s) throws IOException {
      out.varLong(s.negative)
          .varLong(s.neutral)
          .varLong(s.positive)
          .float64(s.scoreSum)
          .float64(s.polaritySum)
          .float64(s.negativeProbability)
          .float64(s.neutralProbability)
          .float64(s.positiveProbability)
          .optional(FieldOutput::string, s.modelVersion)
          .list(
              (o, p) ->
                  o.string(p.version)
                      .varLong(p.negative)
                      .varLong(p.neutral)
                      .varLong(p.positive)
                      .float64(p.negativeProbability)
                      .float64(p.neutralProbability)
                      .float64(p.positiveProbability)
                      .write(GridCounts::write, p.grid),
              s.versionParts)
          .write(GridCounts::write, s.grid);
    }

    private static SentimentStats read(FieldInput in) throws IOException {
      long negative = in.varLong();
      long neutral = in.varLong();
      long positive = in.varLong();
      double scoreSum = in.float64();
      double polaritySum = in.float64();
      if (in.version() == 1) {
        return new SentimentStats(negative, neutral, positive, scoreSum, polaritySum);
      }
      return new SentimentStats(
          negative,
          neutral,
          positive,
          scoreSum,
          polaritySum,
          in.float64(),
          in.float64(),
          in.float64(),
          in.version() >= 3 ? in.optional(FieldInput::string) : null,
          in.version() >= 4 ? in.list(SentimentStatsCoder::readPart) : List.of(),
          in.version() >= 5 ? in.read(GridCounts::read) : GridCounts.EMPTY);
    }

    private static VersionPart readPart(FieldInput in) throws IOException {
      return new VersionPart(
          in.string(),
          in.varLong(),
          in.varLong(),
          in.varLong(),
          in.float64(),
          in.float64(),
          in.float64(),
          in.version() >= 5 ? in.read(GridCounts::read) : GridCounts.EMPTY);
    }
  }
}
