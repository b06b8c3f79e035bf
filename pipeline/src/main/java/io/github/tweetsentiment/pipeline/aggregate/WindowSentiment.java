package io.github.tweetsentiment.pipeline.aggregate;

import java.io.Serializable;
import java.time.Instant;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One pane of one window and query: a row of {@code sentiment_windows}. Panes accumulate, so the
 * row with the highest {@code paneIndex} for a window and query is the current answer.
 */
@DefaultCoder(SerializableCoder.class)
public record WindowSentiment(
    Instant windowStart,
    Instant windowEnd,
    String query,
    SentimentStats stats,
    String paneTiming,
    long paneIndex,
    boolean isFinal,
    Instant lastUpdate)
    implements Serializable {}
