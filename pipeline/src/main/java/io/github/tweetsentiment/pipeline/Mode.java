package io.github.tweetsentiment.pipeline;

import io.github.tweetsentiment.pipeline.aggregate.AggregateSentiment;
import io.github.tweetsentiment.pipeline.aggregate.WindowTweets;
import io.github.tweetsentiment.pipeline.dedup.DeduplicateAcrossInput;
import io.github.tweetsentiment.pipeline.dedup.DeduplicateTweets;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import io.github.tweetsentiment.pipeline.scoring.ScoreSentiment;
import io.github.tweetsentiment.pipeline.sink.RunInfo;
import java.time.Instant;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Streaming or backfill: the one choice that gives four steps their variant, so the graph is the
 * same story in both (docs/decisions/0087).
 */
public sealed interface Mode {

  /** Drops a tweet id seen before. */
  PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> deduplicate(int shards);

  /** Batches the tweets and calls the service. */
  ScoreSentiment score(ClientConfig client, int batchSize, int maxCallsInFlight);

  /** Puts the scored tweets in windows of {@code length}. */
  WindowTweets window(Duration length);

  /** Sums each window's sentiment per query. */
  AggregateSentiment aggregate();

  /** The {@code run_mode} written with every row. */
  RunInfo.Mode runMode();

  /**
   * The streaming job: ids remembered for a horizon, batches that wait at most {@code maxBuffering}
   * on {@code scoringShards} keys, windows that fire early and take late tweets.
   *
   * @param earlyFiring processing time between early panes, or null for none
   */
  record Streaming(
      Duration dedupHorizon,
      Duration maxBuffering,
      int scoringShards,
      Duration allowedLateness,
      @Nullable Duration earlyFiring)
      implements Mode {

    @Override
    public PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> deduplicate(
        int shards) {
      return new DeduplicateTweets(dedupHorizon, shards);
    }

    @Override
    public ScoreSentiment score(ClientConfig client, int batchSize, int maxCallsInFlight) {
      return new ScoreSentiment(client, batchSize, maxBuffering, scoringShards, maxCallsInFlight);
    }

    @Override
    public WindowTweets window(Duration length) {
      return new WindowTweets(length, allowedLateness, earlyFiring);
    }

    @Override
    public AggregateSentiment aggregate() {
      return new AggregateSentiment();
    }

    @Override
    public RunInfo.Mode runMode() {
      return RunInfo.Mode.STREAMING;
    }
  }

  /**
   * A batch job over files read once: one copy of each id across the whole input, batches per
   * bundle, each window fired once, complete.
   *
   * @param from the first created_at scored, or null for no bound
   * @param to the created_at scored before, or null for no bound
   */
  record Backfill(@Nullable Instant from, @Nullable Instant to) implements Mode {

    @Override
    public PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> deduplicate(
        int shards) {
      return new DeduplicateAcrossInput(shards);
    }

    @Override
    public ScoreSentiment score(ClientConfig client, int batchSize, int maxCallsInFlight) {
      return ScoreSentiment.backfill(client, batchSize, maxCallsInFlight);
    }

    @Override
    public WindowTweets window(Duration length) {
      return WindowTweets.complete(length);
    }

    @Override
    public AggregateSentiment aggregate() {
      return AggregateSentiment.ofCompleteWindows();
    }

    @Override
    public RunInfo.Mode runMode() {
      return RunInfo.Mode.BACKFILL;
    }
  }
}
