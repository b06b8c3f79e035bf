package io.github.tweetsentiment.pipeline;

import io.github.tweetsentiment.pipeline.aggregate.AggregateSentiment;
import io.github.tweetsentiment.pipeline.aggregate.WindowRow;
import io.github.tweetsentiment.pipeline.aggregate.WindowSentiment;
import io.github.tweetsentiment.pipeline.aggregate.WindowTweets;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.deadletter.WriteDeadLetters;
import io.github.tweetsentiment.pipeline.dedup.DeduplicateTweets;
import io.github.tweetsentiment.pipeline.filter.FilterTweets;
import io.github.tweetsentiment.pipeline.local.LocalRun;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.parse.ParseTweets;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import io.github.tweetsentiment.pipeline.read.ReadTweets;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import io.github.tweetsentiment.pipeline.scoring.ScoreSentiment;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetRow;
import io.github.tweetsentiment.pipeline.sink.SinkConfig;
import io.github.tweetsentiment.pipeline.sink.WriteTable;
import java.net.URI;
import java.util.Locale;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Real-time sentiment of tweets: reads tweet envelopes from Pub/Sub (or replays a recording),
 * scores each tweet through the sentiment service, and writes the scored tweets, per-minute
 * sentiment per query, and every failure to BigQuery (or to local NDJSON files).
 *
 * <p>Locally, on the DirectRunner, over the bundled recording, with the service in-process:
 *
 * <pre>{@code
 * java -jar pipeline/target/sentiment-pipeline.jar [--input=FILE_OR_GLOB] [--outputDir=output]
 * }</pre>
 *
 * <p>On Dataflow:
 *
 * <pre>{@code
 * java -jar pipeline/target/sentiment-pipeline.jar --runner=DataflowRunner --project=PROJECT \
 *   --region=REGION --inputSubscription=projects/PROJECT/subscriptions/tweets-pipeline \
 *   --sentimentEndpoint=https://sentiment-xyz.a.run.app --outputDataset=tweet_sentiment
 * }</pre>
 *
 * <p>docs/pipeline.md lists every option.
 */
public final class SentimentPipeline {

  /** The recording bundled in the jar, replayed when no input is given. */
  public static final String BUNDLED_RECORDING = "classpath:samples/tweets/recorded-tweets.jsonl";

  /** The {@code --sentimentEndpoint} value that starts the service in-process. */
  public static final String EMBEDDED = "embedded";

  /** The pipeline's options; docs/pipeline.md explains each with examples. */
  public interface Options extends PubsubOptions, BigQueryOptions {

    @Description(
        "Pub/Sub subscription to read tweet envelopes from, projects/PROJECT/subscriptions/NAME."
            + " When set (or --inputTopic), --input is ignored.")
    @Nullable String getInputSubscription();

    void setInputSubscription(@Nullable String value);

    @Description(
        "Pub/Sub topic to read through a subscription the pipeline creates,"
            + " projects/PROJECT/topics/NAME. For tests and demos: in production read"
            + " --inputSubscription, which survives a job restart.")
    @Nullable String getInputTopic();

    void setInputTopic(@Nullable String value);

    @Description(
        "Recorded envelopes to replay as a stream when no Pub/Sub input is given: a file, a glob"
            + " (local or gs://) or classpath:PATH. One JSON document a line: a stream envelope,"
            + " a recent-search page or a bare tweet.")
    @Default.String(BUNDLED_RECORDING)
    String getInput();

    void setInput(String value);

    @Description(
        "Replay pace as a multiple of real time: 10 replays ten times faster than the tweets were"
            + " posted; 0 replays as fast as possible.")
    @Default.Double(0)
    double getReplaySpeed();

    void setReplaySpeed(double value);

    @Description(
        "How far, in seconds, the replay's watermark trails the latest created_at read: a tweet"
            + " recorded out of order by less is on time, one older is late.")
    @Default.Integer(60)
    int getReplayWatermarkLagSeconds();

    void setReplayWatermarkLagSeconds(int value);

    @Description(
        "A tweet id seen again is dropped while the id is remembered: until its shard has seen"
            + " tweets created between one and two of these horizons (in minutes) later.")
    @Default.Integer(60)
    int getDedupHorizonMinutes();

    void setDedupHorizonMinutes(int value);

    @Description(
        "Keys the tweet ids are hashed over for deduplication: the step's parallelism on"
            + " Dataflow. State and timers grow with this, never with the number of tweets."
            + " Changing it on a running job (--update) forgets the ids seen so far.")
    @Default.Integer(64)
    int getDedupShards();

    void setDedupShards(int value);

    @Description(
        "Comma-separated languages to keep (the X API's lang, e.g. en,es); empty keeps all.")
    @Default.String("")
    String getLanguages();

    void setLanguages(String value);

    @Description("Drop retweets, which repeat their original's text.")
    @Default.Boolean(false)
    boolean getDropRetweets();

    void setDropRetweets(boolean value);

    @Description("Length of the event-time windows of the aggregates, in minutes.")
    @Default.Integer(1)
    int getWindowMinutes();

    void setWindowMinutes(int value);

    @Description(
        "How long after a window's end, in minutes, late tweets still update its aggregate."
            + " Later tweets are still scored and written, but left out of the aggregate.")
    @Default.Integer(10)
    int getAllowedLatenessMinutes();

    void setAllowedLatenessMinutes(int value);

    @Description(
        "Emit a window's partial aggregate every this many seconds of processing time. A replay"
            + " divides it by --replaySpeed; a replay as fast as possible has no early panes.")
    @Default.Integer(10)
    int getEarlyFiringSeconds();

    void setEarlyFiringSeconds(int value);

    @Description(
        "Base URL of the sentiment service (e.g. https://sentiment-xyz.a.run.app), or 'embedded'"
            + " to start it in-process on a loopback port (local runs only).")
    @Default.String(EMBEDDED)
    String getSentimentEndpoint();

    void setSentimentEndpoint(String value);

    @Description("The model to ask the service for: accurate or fast.")
    @Default.String("accurate")
    String getModel();

    void setModel(String value);

    @Description(
        "How to authenticate to the service: AUTO (nothing on loopback, a Google ID token"
            + " elsewhere), NONE, or GOOGLE_ID_TOKEN.")
    @Default.Enum("AUTO")
    ClientConfig.AuthMode getSentimentAuth();

    void setSentimentAuth(ClientConfig.AuthMode value);

    @Description("Tweets per predict call; 1 makes one call per tweet.")
    @Default.Integer(32)
    int getBatchSize();

    void setBatchSize(int value);

    @Description(
        "Keys the tweets are spread over to be batched for scoring: how many batches fill, and how"
            + " many predict calls can be in flight, at once on Dataflow.")
    @Default.Integer(16)
    int getScoringShards();

    void setScoringShards(int value);

    @Description(
        "Predict calls each scoring thread keeps going at once, so batches do not wait for each"
            + " other's calls.")
    @Default.Integer(2)
    int getMaxCallsInFlight();

    void setMaxCallsInFlight(int value);

    @Description(
        "Longest time, in milliseconds, a tweet waits for its batch to fill before the batch is"
            + " sent anyway.")
    @Default.Integer(500)
    int getMaxBufferingMillis();

    void setMaxBufferingMillis(int value);

    @Description("Limit on one HTTP attempt to the service, in seconds.")
    @Default.Integer(30)
    int getInferenceTimeoutSeconds();

    void setInferenceTimeoutSeconds(int value);

    @Description("Attempts per predict request, the first included (429, 5xx and I/O retried).")
    @Default.Integer(6)
    int getInferenceMaxAttempts();

    void setInferenceMaxAttempts(int value);

    @Description(
        "Time budget of one predict call with its retries, in seconds; then its tweets go to the"
            + " dead letters.")
    @Default.Integer(120)
    int getInferenceMaxRetrySeconds();

    void setInferenceMaxRetrySeconds(int value);

    @Description(
        "BigQuery dataset to write scored_tweets, sentiment_windows and dead_letter to (in"
            + " --bigQueryProject, default --project). Empty writes NDJSON files to --outputDir.")
    @Default.String("")
    String getOutputDataset();

    void setOutputDataset(String value);

    @Description(
        "How to write to BigQuery: STORAGE_API_AT_LEAST_ONCE (cheaper, a row may be written twice"
            + " on a retry) or STORAGE_WRITE_API (exactly once, commits every"
            + " --storageWriteApiTriggeringFrequencySec).")
    @Default.Enum("STORAGE_API_AT_LEAST_ONCE")
    BigQueryIO.Write.Method getBigQueryWriteMethod();

    void setBigQueryWriteMethod(BigQueryIO.Write.Method value);

    @Description("Folder of the local NDJSON output, used when --outputDataset is empty.")
    @Default.String("output")
    String getOutputDir();

    void setOutputDir(String value);

    @Description("How often, in seconds, a local run prints its progress; 0 prints none.")
    @Default.Integer(5)
    int getProgressSeconds();

    void setProgressSeconds(int value);
  }

  private SentimentPipeline() {}

  public static void main(String[] args) {
    // One line per log record (java.util.logging's default takes two), unless configured.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    }
    PipelineOptionsFactory.register(Options.class);
    Options options;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
      // Before anything slow starts: a mistake in the options is reported at once.
      if (isDataflow(options)) {
        validate(options);
      } else {
        validateInputsAndOutputs(options);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("sentiment-pipeline: " + e.getMessage());
      System.err.println("Options: docs/pipeline.md, or --help='" + Options.class.getName() + "'");
      System.exit(2);
      return;
    }
    if (isDataflow(options)) {
      DataflowLaunch.prepare(options);
      PipelineResult result = run(options);
      System.out.println("Submitted the Dataflow job; state " + result.getState());
      return;
    }
    LocalRun.tuneDirectRunner(options, args);
    System.exit(LocalRun.execute(options, System.out));
  }

  /**
   * Builds the pipeline and starts it; returns without waiting. The endpoint must be a URL: {@code
   * main} replaces {@code embedded} with the in-process service's before calling this.
   */
  public static PipelineResult run(Options options) {
    return run(options, null);
  }

  /** As {@link #run(Options)}, writing BigQuery through {@code bigQueryServices} when not null. */
  static PipelineResult run(Options options, @Nullable BigQueryServices bigQueryServices) {
    validate(options);
    options.setStreaming(true);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, bigQueryServices);
    return pipeline.run();
  }

  /**
   * The pipeline's steps. Labels are stable: Dataflow's {@code --update} matches steps by them.
   *
   * <ol>
   *   <li>ReadTweets: Pub/Sub, or a recording replayed as a stream.
   *   <li>ParseTweets: JSON to tweets stamped with created_at; failures to dead letters.
   *   <li>DeduplicateTweets: drop a tweet id already seen within the horizon.
   *   <li>FilterTweets: languages, retweets.
   *   <li>ScoreSentiment: batched predict calls; failures to dead letters.
   *   <li>WriteScoredTweets.
   *   <li>WindowTweets, AggregateSentiment, WriteWindows: per-window sentiment per query.
   *   <li>WriteDeadLetters: every stage's failures, rejected rows included.
   * </ol>
   */
  static void build(Pipeline pipeline, Options o, @Nullable BigQueryServices bigQueryServices) {
    SinkConfig sink = sinkConfig(o, bigQueryServices);

    PCollection<RawMessage> messages = pipeline.apply("ReadTweets", ReadTweets.from(source(o)));

    PCollectionTuple parsed = messages.apply("ParseTweets", new ParseTweets());

    PCollection<IncomingTweet> tweets =
        parsed
            .get(ParseTweets.TWEETS)
            .apply(
                "DeduplicateTweets",
                new DeduplicateTweets(
                    Duration.standardMinutes(o.getDedupHorizonMinutes()), o.getDedupShards()))
            .apply(
                "FilterTweets",
                new FilterTweets(
                    FilterTweets.parseLanguages(o.getLanguages()), o.getDropRetweets()));

    PCollectionTuple scored =
        tweets.apply(
            "ScoreSentiment",
            new ScoreSentiment(
                clientConfig(o),
                o.getBatchSize(),
                Duration.millis(o.getMaxBufferingMillis()),
                o.getScoringShards(),
                o.getMaxCallsInFlight()));
    PCollection<ScoredTweetEvent> scoredTweets = scored.get(ScoreSentiment.SCORED);

    PCollection<DeadLetter> rejectedTweets =
        scoredTweets.apply(
            "WriteScoredTweets",
            WriteTable.of(
                ScoredTweetRow.TABLE, new ScoredTweetRow(), Stage.WRITE_SCORED_TWEETS, sink));

    PCollection<WindowSentiment> windows =
        scoredTweets
            .apply(
                "WindowTweets",
                new WindowTweets<>(
                    Duration.standardMinutes(o.getWindowMinutes()),
                    Duration.standardMinutes(o.getAllowedLatenessMinutes()),
                    earlyFiring(o)))
            .apply("AggregateSentiment", new AggregateSentiment());
    PCollection<DeadLetter> rejectedWindows =
        windows.apply(
            "WriteWindows",
            WriteTable.of(WindowRow.TABLE, new WindowRow(), Stage.WRITE_WINDOWS, sink));

    PCollectionList.of(parsed.get(ParseTweets.DEAD_LETTERS))
        .and(scored.get(ScoreSentiment.DEAD_LETTERS))
        .and(rejectedTweets)
        .and(rejectedWindows)
        .apply("WriteDeadLetters", new WriteDeadLetters(sink));
  }

  /** Fails fast, with what to fix, on options that contradict each other. */
  static void validate(Options o) {
    if (EMBEDDED.equalsIgnoreCase(o.getSentimentEndpoint().strip())) {
      throw new IllegalArgumentException(
          isDataflow(o)
              ? "--sentimentEndpoint=embedded works only locally: Dataflow workers cannot reach a"
                  + " service inside the launcher. Deploy sentiment-service to Cloud Run and pass"
                  + " its URL, e.g. --sentimentEndpoint=https://sentiment-xyz.a.run.app"
              : "--sentimentEndpoint=embedded is started by main(); call run() with a URL");
    }
    validateInputsAndOutputs(o);
    clientConfig(o);
  }

  /** The checks that do not depend on the endpoint being resolved yet. */
  static void validateInputsAndOutputs(Options o) {
    if (o.getInputSubscription() != null && o.getInputTopic() != null) {
      throw new IllegalArgumentException(
          "give --inputSubscription or --inputTopic, not both (production reads a subscription)");
    }
    if (isDataflow(o) && o.getOutputDataset().isBlank()) {
      throw new IllegalArgumentException(
          "--outputDataset is required on Dataflow: workers cannot write to a local --outputDir");
    }
    if (!o.getOutputDataset().isBlank()
        && (o.getBigQueryProject() == null ? o.getProject() : o.getBigQueryProject()) == null) {
      throw new IllegalArgumentException(
          "--outputDataset needs a project: pass --project or --bigQueryProject");
    }
  }

  static boolean isDataflow(Options o) {
    return DataflowRunner.class.isAssignableFrom(o.getRunner());
  }

  static ReadTweets.Source source(Options o) {
    if (o.getInputSubscription() != null) {
      return new ReadTweets.FromSubscription(o.getInputSubscription());
    }
    if (o.getInputTopic() != null) {
      return new ReadTweets.FromTopic(o.getInputTopic());
    }
    return new ReadTweets.FromRecording(
        o.getInput(),
        Duration.standardSeconds(o.getReplayWatermarkLagSeconds()),
        o.getReplaySpeed());
  }

  /**
   * Processing time between early panes: as given for Pub/Sub; divided by the pace of a paced
   * replay, so its panes come as they would live; none for a replay as fast as possible, where a
   * minute of tweets passes in milliseconds and early panes would only arrive after their windows
   * closed (each costing the local runner a timer).
   */
  static @Nullable Duration earlyFiring(Options o) {
    Duration live = Duration.standardSeconds(o.getEarlyFiringSeconds());
    if (source(o) instanceof ReadTweets.FromRecording replay) {
      return replay.replaySpeed() == 0
          ? null
          : Duration.millis(Math.max(1, Math.round(live.getMillis() / replay.replaySpeed())));
    }
    return live;
  }

  static ClientConfig clientConfig(Options o) {
    URI endpoint;
    try {
      endpoint = URI.create(o.getSentimentEndpoint().strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--sentimentEndpoint must be a URL such as https://sentiment-xyz.a.run.app or"
              + " 'embedded', got '"
              + o.getSentimentEndpoint()
              + "'",
          e);
    }
    return new ClientConfig(
        endpoint,
        o.getModel().strip().toLowerCase(Locale.ROOT),
        o.getSentimentAuth(),
        java.time.Duration.ofSeconds(o.getInferenceTimeoutSeconds()),
        o.getInferenceMaxAttempts(),
        java.time.Duration.ofSeconds(o.getInferenceMaxRetrySeconds()));
  }

  static SinkConfig sinkConfig(Options o, @Nullable BigQueryServices bigQueryServices) {
    if (o.getOutputDataset().isBlank()) {
      return new SinkConfig.LocalFiles(o.getOutputDir());
    }
    String project = o.getBigQueryProject() != null ? o.getBigQueryProject() : o.getProject();
    Integer frequency = o.getStorageWriteApiTriggeringFrequencySec();
    Integer streams = o.getNumStorageWriteApiStreams();
    return new SinkConfig.BigQuery(
        project,
        o.getOutputDataset().strip(),
        o.getBigQueryWriteMethod(),
        Duration.standardSeconds(frequency == null ? 5 : frequency),
        streams == null ? 0 : streams,
        bigQueryServices);
  }
}
