package io.github.tweetsentiment.pipeline.aggregate;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.core.ShareEstimator;
import io.github.tweetsentiment.pipeline.sink.Rows;
import io.github.tweetsentiment.pipeline.sink.RunInfo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Formats a window pane as a row of {@code infra/bigquery/sentiment_windows.json}: the counts, the
 * raw shares of each label, and the estimated true shares when {@link CorrectShares} found them.
 */
public final class WindowRow implements SerializableFunction<WindowSentiment, TableRow> {

  /** The table's name, also the local NDJSON file's prefix. */
  public static final String TABLE = "sentiment_windows";

  private static final String[] LABELS = {"negative", "neutral", "positive"};

  private final @Nullable RunInfo run;
  private final @Nullable String model;

  /** Rows without run or model. */
  public WindowRow() {
    this(null, null);
  }

  /**
   * @param run the run that writes the rows; null leaves its columns empty
   * @param model the model the run asked the service for
   */
  public WindowRow(@Nullable RunInfo run, @Nullable String model) {
    this.run = run;
    this.model = model;
  }

  @Override
  public TableRow apply(WindowSentiment w) {
    SentimentStats s = w.stats();
    TableRow row =
        new TableRow()
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
    Rows.setIfNotNull(row, "model", model);
    Rows.setIfNotNull(row, "model_version", s.modelVersion());
    if (run != null) {
      run.setOn(row);
    }
    if (s.count() == 0) {
      return row;
    }
    double[] raw = ShareEstimator.shares(s.counts());
    for (int i = 0; i < LABELS.length; i++) {
      row.set(LABELS[i] + "_share", raw[i]);
    }
    if (w.corrected() != null) {
      double[] corrected = w.corrected().toArray();
      for (int i = 0; i < LABELS.length; i++) {
        row.set("corrected_" + LABELS[i] + "_share", corrected[i]);
        double[] interval = ShareEstimator.interval(corrected[i], s.count());
        row.set("corrected_" + LABELS[i] + "_share_low", interval[0]);
        row.set("corrected_" + LABELS[i] + "_share_high", interval[1]);
      }
    }
    return row;
  }
}
