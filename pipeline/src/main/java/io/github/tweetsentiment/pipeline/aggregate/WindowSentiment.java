package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
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
      super(2);
    }

    public static WindowSentimentCoder of() {
      return INSTANCE;
    }

    /** What {@code @DefaultCoder} calls to find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(WindowSentiment.class), INSTANCE);
    }

    @Override
    protected void encodeFields(WindowSentiment w, OutputStream out) throws IOException {
      Fields.writeInstant(w.windowStart, out);
      Fields.writeInstant(w.windowEnd, out);
      Fields.writeString(w.query, out);
      SentimentStats.SentimentStatsCoder.of().encode(w.stats, out);
      Fields.writeString(w.paneTiming, out);
      Fields.writeLong(w.paneIndex, out);
      Fields.writeBoolean(w.isFinal, out);
      Fields.writeInstant(w.lastUpdate, out);
      Fields.writePresent(w.corrected != null, out);
      if (w.corrected != null) {
        Fields.writeDouble(w.corrected.negative, out);
        Fields.writeDouble(w.corrected.neutral, out);
        Fields.writeDouble(w.corrected.positive, out);
      }
    }

    @Override
    protected WindowSentiment decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion < 1 || formatVersion > 2) {
        throw unknownVersion(formatVersion);
      }
      WindowSentiment w =
          new WindowSentiment(
              Fields.readInstant(in),
              Fields.readInstant(in),
              Fields.readString(in),
              SentimentStats.SentimentStatsCoder.of().decode(in),
              Fields.readString(in),
              Fields.readLong(in),
              Fields.readBoolean(in),
              Fields.readInstant(in));
      if (formatVersion == 1 || !Fields.readPresent(in)) {
        return w;
      }
      return w.withCorrected(
          new Shares(Fields.readDouble(in), Fields.readDouble(in), Fields.readDouble(in)));
    }
  }
}
