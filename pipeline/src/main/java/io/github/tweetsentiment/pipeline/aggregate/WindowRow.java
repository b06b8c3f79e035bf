package io.github.tweetsentiment.pipeline.aggregate;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.sink.Rows;
import org.apache.beam.sdk.transforms.SerializableFunction;

/** Formats a window pane as a row of {@code infra/bigquery/sentiment_windows.json}. */
public final class WindowRow implements SerializableFunction<WindowSentiment, TableRow> {

  /** The table's name, also the local NDJSON file's prefix. */
  public static final String TABLE = "sentiment_windows";

  @Override
  public TableRow apply(WindowSentiment w) {
    SentimentStats s = w.stats();
    return new TableRow()
        .set("window_start", Rows.timestamp(w.windowStart()))
        .set("window_end", Rows.timestamp(w.windowEnd()))
        .set("query", w.query())
        .set("tweet_count", s.count())
        .set("negative_count", s.negative())
        .set("neutral_count", s.neutral())
        .set("positive_count", s.positive())
        .set("mean_score", s.meanScore())
        .set("mean_polarity", s.meanPolarity())
        .set("pane_timing", w.paneTiming())
        .set("pane_index", w.paneIndex())
        .set("is_final", w.isFinal())
        .set("last_update", Rows.timestamp(w.lastUpdate()));
  }
}
