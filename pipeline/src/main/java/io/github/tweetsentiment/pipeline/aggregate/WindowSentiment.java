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

/**
 * One pane of one window and query: a row of {@code sentiment_windows}. Panes accumulate, so the
 * row with the highest {@code paneIndex} for a window and query is the current answer.
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
    Instant lastUpdate) {

  /** Every field, the stats with their own coder. */
  public static final class WindowSentimentCoder extends VersionedCoder<WindowSentiment> {
    private static final WindowSentimentCoder INSTANCE = new WindowSentimentCoder();

    private WindowSentimentCoder() {
      super(1);
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
    }

    @Override
    protected WindowSentiment decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion != 1) {
        throw unknownVersion(formatVersion);
      }
      return new WindowSentiment(
          Fields.readInstant(in),
          Fields.readInstant(in),
          Fields.readString(in),
          SentimentStats.SentimentStatsCoder.of().decode(in),
          Fields.readString(in),
          Fields.readLong(in),
          Fields.readBoolean(in),
          Fields.readInstant(in));
    }
  }
}
