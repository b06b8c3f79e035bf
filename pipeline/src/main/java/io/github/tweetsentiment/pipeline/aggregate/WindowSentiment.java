package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.time.Instant;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One pane of one window and query: a row of {@code sentiment_windows}. Panes accumulate, so the
 * row with the highest {@code paneIndex} for a window and query is the current answer.
 *
 * @param corrected the estimated true shares, each scoring model version's part corrected with its
 *     own share correction ({@link CorrectShares}); null until then, or when a version's correction
 *     is not known
 */
@DefaultCoder(WindowSentiment.WindowSentimentCoder.class)
public record WindowSentiment(
    Instant windowStart,
    Instant windowEnd,
    String query,
    SentimentStats stats,
    String paneTiming,
    long paneIndex,
    boolean isFinal,
    Instant lastUpdate,
    @Nullable Shares corrected) {

  /** A pane without corrected shares. */
  public WindowSentiment(
      Instant windowStart,
      Instant windowEnd,
      String query,
      SentimentStats stats,
      String paneTiming,
      long paneIndex,
      boolean isFinal,
      Instant lastUpdate) {
    this(windowStart, windowEnd, query, stats, paneTiming, paneIndex, isFinal, lastUpdate, null);
  }

  /** This pane with {@code shares} as its corrected shares. */
  public WindowSentiment withCorrected(@Nullable Shares shares) {
    return new WindowSentiment(
        windowStart, windowEnd, query, stats, paneTiming, paneIndex, isFinal, lastUpdate, shares);
  }

  /** Shares of the three labels, summing to 1. */
  public record Shares(double negative, double neutral, double positive) {

    /** From an array in negative, neutral, positive order. */
    public static Shares of(double[] shares) {
      if (shares.length != 3) {
        throw new IllegalArgumentException("three shares expected, got " + shares.length);
      }
      return new Shares(shares[0], shares[1], shares[2]);
    }

    /** In negative, neutral, positive order. */
    public double[] toArray() {
      return new double[] {negative, neutral, positive};
    }
  }

  /**
   * Version 2: every field, the stats with their own coder, then the corrected shares if present.
   * Version 1 decodes without corrected shares.
   */
  public static final class WindowSentimentCoder extends VersionedCoder<WindowSentiment> {
    private static final WindowSentimentCoder INSTANCE = new WindowSentimentCoder();

    private WindowSentimentCoder() {
      super(
          2,
          1,
          (out, w) ->
              out.instant(w.windowStart)
                  .instant(w.windowEnd)
                  .string(w.query)
                  .value(SentimentStats.SentimentStatsCoder.of(), w.stats)
                  .string(w.paneTiming)
                  .varLong(w.paneIndex)
                  .bool(w.isFinal)
                  .instant(w.lastUpdate)
                  .optional(
                      (o, c) -> o.float64(c.negative).float64(c.neutral).float64(c.positive),
                      w.corrected),
          in ->
              new WindowSentiment(
                  in.instant(),
                  in.instant(),
                  in.string(),
                  in.value(SentimentStats.SentimentStatsCoder.of()),
                  in.string(),
                  in.varLong(),
                  in.bool(),
                  in.instant(),
                  in.version() == 1
                      ? null
                      : in.optional(i -> new Shares(i.float64(), i.float64(), i.float64()))));
    }

    public static WindowSentimentCoder of() {
      return INSTANCE;
    }
  }
}
