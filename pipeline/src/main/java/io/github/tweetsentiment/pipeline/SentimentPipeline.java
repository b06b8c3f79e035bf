package io.github.tweetsentiment.pipeline;

import io.github.tweetsentiment.pipeline.aggregate.CorrectShares;
import io.github.tweetsentiment.pipeline.aggregate.WindowRow;
import io.github.tweetsentiment.pipeline.aggregate.WindowSentiment;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.parse.ParseTweets;
import io.github.tweetsentiment.pipeline.read.ReadTweets;
import io.github.tweetsentiment.pipeline.scoring.ScoreSentiment;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetRow;
import io.github.tweetsentiment.pipeline.sink.WriteDeadLetters;
import io.github.tweetsentiment.pipeline.sink.WriteTable;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Real-time sentiment of tweets: reads tweet envelopes from Pub/Sub (or replays a recording),
 * scores each tweet through the sentiment service, and writes the scored tweets, per-minute
 * sentiment per query, and every failure to BigQuery (or to local NDJSON files).
 *
 * <p>This is the Dataflow entry point, in the jar Dataflow and the Flex Template use:
 *
 * <pre>{@code
 * java -jar pipeline/target/sentiment-pipeline-dataflow.jar --runner=DataflowRunner \
 *   --project=PROJECT --region=REGION \
 *   --inputSubscription=projects/PROJECT/subscriptions/tweets-pipeline \
 *   --sentimentEndpoint=https://sentiment-xyz.a.run.app --outputDataset=tweet_sentiment
 * }</pre>
 *
 * <p>The options ({@link SentimentOptions}) are read once into a {@link PipelineConfig}; the graph
 * is built from that alone. {@link DataflowLaunch} launches it on Dataflow; local runs (the
 * DirectRunner, the service in-process) live in the {@code local-run} module. docs/pipeline.md
 * lists every option.
 */
public final class SentimentPipeline {

  private SentimentPipeline() {}

  /**
   * Launches the pipeline on Dataflow, as the Flex Template launcher runs it: exits 0 once the job
   * is submitted or written to {@code --templateLocation}, 2 on options that need fixing.
   */
  public static void main(String[] args) {
    System.exit(DataflowLaunch.launch(args, System.out, System.err, null));
  }

  /** Builds the pipeline of {@code config} on {@code options}' runner and starts it. */
  public static PipelineResult run(PipelineOptions options, PipelineConfig config) {
    // The runner's switches that follow from the config: a backfill is a batch job.
    options.as(StreamingOptions.class).setStreaming(!config.isBackfill());
    if (isDataflow(options) && !config.isBackfill()) {
      DataflowLaunch.keepLegacyStreamingRunner(options);
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, config);
    return pipeline.run();
  }

  /**
   * The pipeline's steps. Labels are stable: Dataflow's {@code --update} matches steps by them. A
   * backfill is the same story as a batch job: its {@link Mode} gives the variants of
   * DeduplicateTweets, ScoreSentiment, WindowTweets and AggregateSentiment.
   *
   * <ol>
   *   <li>ReadTweets: Pub/Sub, or a recording replayed as a stream, or (backfill) files read once.
   *   <li>ParseTweets: JSON to tweets stamped with created_at; failures to dead letters.
   *   <li>DeduplicateTweets: drop a tweet id already seen within the horizon (backfill: anywhere in
   *       the input).
   *   <li>FilterTweets: languages, retweets, and a backfill's created_at range.
   *   <li>ScoreSentiment: batched predict calls; failures to dead letters.
   *   <li>WriteScoredTweets: the rows; those BigQuery refused come back as dead letters.
   *   <li>WindowTweets, AggregateSentiment, CorrectShares, WriteWindows: per-window sentiment per
   *       query, its shares corrected with the share correction of each model version that scored
   *       the window.
   *   <li>WriteDeadLetters: every stage's failures, rejected rows and (backfill) unreadable files
   *       included.
   * </ol>
   */
  static void build(Pipeline pipeline, PipelineConfig config) {
    Mode mode = config.mode();

    PCollectionTuple read = pipeline.apply("ReadTweets", ReadTweets.from(config.source()));

    PCollectionTuple parsed = read.get(ReadTweets.MESSAGES).apply("ParseTweets", new ParseTweets());

    PCollection<IncomingTweet> tweets =
        parsed
            .get(ParseTweets.TWEETS)
            .apply("DeduplicateTweets", mode.deduplicate(config.dedupShards()))
            .apply("FilterTweets", config.filter());

    PCollectionTuple scored =
        tweets.apply(
            "ScoreSentiment",
            mode.score(config.client(), config.batchSize(), config.maxCallsInFlight()));
    PCollection<ScoredTweetEvent> scoredTweets = scored.get(ScoreSentiment.SCORED);

    PCollection<DeadLetter> rejectedTweets =
        scoredTweets.apply(
            "WriteScoredTweets",
            WriteTable.of(
                ScoredTweetRow.TABLE,
                new ScoredTweetRow(config.run()),
                config.sink(),
                Stage.WRITE_SCORED_TWEETS));

    PCollection<WindowSentiment> windows =
        scoredTweets
            .apply("WindowTweets", mode.window(config.window()))
            .apply("AggregateSentiment", mode.aggregate())
            .apply("CorrectShares", new CorrectShares(config.client(), config.shareMethod()));
    PCollection<DeadLetter> rejectedWindows =
        windows.apply(
            "WriteWindows",
            WriteTable.of(
                WindowRow.TABLE,
                new WindowRow(config.run(), config.model()),
                config.sink(),
                Stage.WRITE_WINDOWS));

    PCollectionList<DeadLetter> deadLetters =
        PCollectionList.of(parsed.get(ParseTweets.DEAD_LETTERS))
            .and(scored.get(ScoreSentiment.DEAD_LETTERS))
            .and(rejectedTweets)
            .and(rejectedWindows);
    if (read.has(ReadTweets.UNREADABLE)) {
      deadLetters = deadLetters.and(read.get(ReadTweets.UNREADABLE));
    }
    deadLetters.apply("WriteDeadLetters", new WriteDeadLetters(config.sink()));
  }

  public static boolean isDataflow(PipelineOptions o) {
    return DataflowRunner.class.isAssignableFrom(o.getRunner());
  }
}
