package io.github.tweetsentiment.pipeline.scoring;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.PublicMetrics;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.pipeline.sink.Rows;
import io.github.tweetsentiment.pipeline.sink.RunInfo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Formats a scored tweet as a row of {@code infra/bigquery/scored_tweets.json}. */
public final class ScoredTweetRow implements SerializableFunction<ScoredTweetEvent, TableRow> {

  /** The table's name, also the local NDJSON file's prefix. */
  public static final String TABLE = "scored_tweets";

  private final @Nullable RunInfo run;

  /** Rows without the run's columns. */
  public ScoredTweetRow() {
    this(null);
  }

  /**
   * @param run the run that writes the rows; null leaves its columns empty
   */
  public ScoredTweetRow(@Nullable RunInfo run) {
    this.run = run;
  }

  @Override
  public TableRow apply(ScoredTweetEvent scored) {
    Tweet t = scored.incoming().tweet();
    Prediction p = scored.prediction();
    TableRow row =
        new TableRow()
            .set("tweet_id", t.id())
            .set("text", t.text())
            .set("created_at", Rows.timestamp(t.createdAt()))
            .set("referenced_tweet_types", t.referencedTweetTypes())
            .set("is_retweet", t.isRetweet())
            .set("hashtags", t.hashtags())
            .set("mentions", t.mentions())
            .set("urls", t.urls())
            .set("label", p.label().wireName())
            .set("score", p.score())
            .set("query", scored.query())
            .set("processing_time", Rows.timestamp(scored.scoredAt()));
    Rows.setIfNotNull(row, "author_id", t.authorId());
    Rows.setIfNotNull(row, "author_username", t.authorUsername());
    Rows.setIfNotNull(row, "author_name", t.authorName());
    Rows.setIfNotNull(row, "lang", t.lang());
    Rows.setIfNotNull(row, "conversation_id", t.conversationId());
    PublicMetrics m = t.publicMetrics();
    if (m != null) {
      TableRow metrics = new TableRow();
      Rows.setIfNotNull(metrics, "retweet_count", m.retweetCount());
      Rows.setIfNotNull(metrics, "reply_count", m.replyCount());
      Rows.setIfNotNull(metrics, "like_count", m.likeCount());
      Rows.setIfNotNull(metrics, "quote_count", m.quoteCount());
      Rows.setIfNotNull(metrics, "bookmark_count", m.bookmarkCount());
      Rows.setIfNotNull(metrics, "impression_count", m.impressionCount());
      row.set("public_metrics", metrics);
    }
    if (!p.probabilities().isEmpty()) {
      row.set("prob_negative", p.probability(SentimentLabel.NEGATIVE));
      row.set("prob_neutral", p.probability(SentimentLabel.NEUTRAL));
      row.set("prob_positive", p.probability(SentimentLabel.POSITIVE));
    }
    Rows.setIfNotNull(row, "model", p.model());
    Rows.setIfNotNull(row, "model_version", p.modelVersion());
    Rows.setIfNotNull(row, "publish_time", Rows.timestamp(scored.incoming().publishTime()));
    Rows.setIfNotNull(row, "message_id", scored.incoming().messageId());
    return run == null ? row : run.setOn(row);
  }
}
