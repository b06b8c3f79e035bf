package io.github.tweetsentiment.pipeline;

import io.github.tweetsentiment.pipeline.aggregate.AggregateSentiment;
import io.github.tweetsentiment.pipeline.aggregate.CorrectShares;
import io.github.tweetsentiment.pipeline.aggregate.ShareMethod;
import io.github.tweetsentiment.pipeline.aggregate.WindowRow;
import io.github.tweetsentiment.pipeline.aggregate.WindowSentiment;
import io.github.tweetsentiment.pipeline.aggregate.WindowTweets;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.deadletter.RejectedRows;
import io.github.tweetsentiment.pipeline.deadletter.UnreadableFiles;
import io.github.tweetsentiment.pipeline.deadletter.WriteDeadLetters;
import io.github.tweetsentiment.pipeline.dedup.DeduplicateAcrossInput;
import io.github.tweetsentiment.pipeline.dedup.DeduplicateTweets;
import io.github.tweetsentiment.pipeline.filter.FilterTweets;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.parse.ParseTweets;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import io.github.tweetsentiment.pipeline.read.ReadTweets;
import io.github.tweetsentiment.pipeline.read.RecordedTweetsSource;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import io.github.tweetsentiment.pipeline.scoring.ScoreSentiment;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetRow;
import io.github.tweetsentiment.pipeline.sink.RunInfo;
import io.github.tweetsentiment.pipeline.sink.SinkConfig;
import io.github.tweetsentiment.pipeline.sink.WriteTable;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Local runs (the DirectRunner, the service in-process) live in the {@code local-run} module.
 * docs/pipeline.md lists every option.
 */
public final class SentimentPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentPipeline.class);

  /** The pipeline's options; docs/pipeline.md explains each with examples. */
  public interface Options extends PubsubOptions, BigQueryOptions {

    @Description(
        "Pub/Sub subscription to read tweet envelopes from, projects/PROJECT/subscriptions/NAME."
            + " When set (or --inputTopic), --input is ignored.")
    @TemplateParameter(
        label = "Pub/Sub subscription",
        regex = "^projects/[^/]+/subscriptions/[^/]+$")
    @Nullable String getInputSubscription();

    void setInputSubscription(@Nullable String value);

    @Description(
        "Pub/Sub topic to read through a subscription the pipeline creates,"
            + " projects/PROJECT/topics/NAME. For tests and demos: in production read"
            + " --inputSubscription, which survives a job restart.")
    @TemplateParameter(label = "Pub/Sub topic", regex = "^projects/[^/]+/topics/[^/]+$")
    @Nullable String getInputTopic();

    void setInputTopic(@Nullable String value);

    @Description(
        "Recorded envelopes to replay as a stream when no Pub/Sub input is given (or to read once"
            + " with --backfill): a file, a glob (local or gs://; several, comma-separated) or"
            + " classpath:PATH. JSONL, one JSON document a line (a stream envelope, a"
            + " recent-search page or a bare tweet), or .avro files of the tweets archive. A local"
            + " run replays the recording bundled in its jar when neither this nor a Pub/Sub input"
            + " is given.")
    @TemplateParameter(label = "Recorded tweets")
    @Nullable String getInput();

    void setInput(@Nullable String value);

    @Description(
        "Run as a backfill: a batch job that reads --input once (files, globs, gs://, the tweets"
            + " archive's .avro files), keeps one copy of each tweet id across the whole input,"
            + " writes one final row per window and query, loads BigQuery with free load jobs, and"
            + " ends. Re-scores history with the model given; docs/operations.md, Backfill.")
    @Default.Boolean(false)
    @TemplateParameter(label = "Backfill (a batch job over --input)", regex = "^(true|false)$")
    boolean getBackfill();

    void setBackfill(boolean value);

    @Description(
        "A backfill scores the tweets created at or after this instant, RFC 3339"
            + " (2026-11-01T00:00:00Z) or a date (2026-11-01, midnight UTC), on a window boundary."
            + " Required, with --backfillTo, when a backfill writes to BigQuery: its windows then"
            + " replace whole windows, never part of one.")
    @TemplateParameter(
        label = "Backfill from (created_at, inclusive)",
        regex = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))?$")
    @Nullable String getBackfillFrom();

    void setBackfillFrom(@Nullable String value);

    @Description(
        "A backfill scores the tweets created before this instant (exclusive); the same forms as"
            + " --backfillFrom.")
    @TemplateParameter(
        label = "Backfill to (created_at, exclusive)",
        regex = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))?$")
    @Nullable String getBackfillTo();

    void setBackfillTo(@Nullable String value);

    @Description(
        "Replay pace as a multiple of real time: 10 replays ten times faster than the tweets were"
            + " posted; 0 replays as fast as possible.")
    @Default.Double(0)
    @TemplateParameter(label = "Replay speed", regex = "^[0-9]+(\\.[0-9]+)?$")
    double getReplaySpeed();

    void setReplaySpeed(double value);

    @Description(
        "How far, in seconds, the replay's watermark trails the latest created_at read: a tweet"
            + " recorded out of order by less is on time, one older is late.")
    @Default.Integer(60)
    @TemplateParameter(label = "Replay watermark lag (s)", regex = "^[0-9]+$")
    int getReplayWatermarkLagSeconds();

    void setReplayWatermarkLagSeconds(int value);

    @Description(
        "A tweet id seen again is dropped while the id is remembered: until its shard has seen"
            + " tweets created between one and two of these horizons (in minutes) later.")
    @Default.Integer(60)
    @TemplateParameter(label = "Dedup horizon (min)", regex = "^[1-9][0-9]*$")
    int getDedupHorizonMinutes();

    void setDedupHorizonMinutes(int value);

    @Description(
        "Keys the tweet ids are hashed over for deduplication: the step's parallelism on"
            + " Dataflow. State and timers grow with this, never with the number of tweets."
            + " Changing it on a running job (--update) forgets the ids seen so far. A local run"
            + " uses 4 unless given.")
    @Default.Integer(64)
    @TemplateParameter(label = "Dedup shards", regex = "^[1-9][0-9]*$")
    int getDedupShards();

    void setDedupShards(int value);

    @Description(
        "Comma-separated languages to keep (the X API's lang, e.g. en,es); empty keeps all.")
    @Default.String("")
    @TemplateParameter(label = "Languages", regex = "^[A-Za-z-]*(,[A-Za-z-]+)*$")
    String getLanguages();

    void setLanguages(String value);

    @Description("Drop retweets, which repeat their original's text.")
    @Default.Boolean(false)
    @TemplateParameter(label = "Drop retweets", regex = "^(true|false)$")
    boolean getDropRetweets();

    void setDropRetweets(boolean value);

    @Description("Length of the event-time windows of the aggregates, in minutes.")
    @Default.Integer(1)
    @TemplateParameter(label = "Window length (min)", regex = "^[1-9][0-9]*$")
    int getWindowMinutes();

    void setWindowMinutes(int value);

    @Description(
        "How long after a window's end, in minutes, late tweets still update its aggregate."
            + " Later tweets are still scored and written, but left out of the aggregate.")
    @Default.Integer(10)
    @TemplateParameter(label = "Allowed lateness (min)", regex = "^[0-9]+$")
    int getAllowedLatenessMinutes();

    void setAllowedLatenessMinutes(int value);

    @Description(
        "How the corrected shares of sentiment_windows are estimated: EMQ (expectation"
            + " maximisation of the priors on each window's posterior histogram, the most accurate"
            + " out of sample) or CORRECTION (the model's shipped share correction on the window's"
            + " sums).")
    @Default.Enum("EMQ")
    @TemplateParameter(label = "Share estimator", regex = "^(EMQ|CORRECTION)$")
    ShareMethod getShareMethod();

    void setShareMethod(ShareMethod value);

    @Description(
        "Emit a window's partial aggregate every this many seconds of processing time. A replay"
            + " divides it by --replaySpeed; a replay as fast as possible has no early panes.")
    @Default.Integer(10)
    @TemplateParameter(label = "Early firing period (s)", regex = "^[1-9][0-9]*$")
    int getEarlyFiringSeconds();

    void setEarlyFiringSeconds(int value);

    @Description(
        "Base URL of the sentiment service, e.g. https://sentiment-xyz.a.run.app. Required on"
            + " Dataflow; a local run starts the service in-process when it is not given (or is"
            + " 'embedded').")
    @TemplateParameter(label = "Sentiment service URL", regex = "^https?://.+$")
    @Nullable String getSentimentEndpoint();

    void setSentimentEndpoint(@Nullable String value);

    @Description("The model to ask the service for: accurate or fast.")
    @Default.String("accurate")
    @TemplateParameter(label = "Model", regex = "^(accurate|fast)$")
    String getModel();

    void setModel(String value);

    @Description(
        "How to authenticate to the service: AUTO (nothing on loopback, a Google ID token"
            + " elsewhere), NONE, or GOOGLE_ID_TOKEN.")
    @Default.Enum("AUTO")
    @TemplateParameter(label = "Service authentication", regex = "^(AUTO|NONE|GOOGLE_ID_TOKEN)$")
    ClientConfig.AuthMode getSentimentAuth();

    void setSentimentAuth(ClientConfig.AuthMode value);

    @Description("Tweets per predict call; 1 makes one call per tweet.")
    @Default.Integer(32)
    @TemplateParameter(label = "Batch size", regex = "^[1-9][0-9]*$")
    int getBatchSize();

    void setBatchSize(int value);

    @Description(
        "Keys the tweets are spread over to be batched for scoring: how many batches fill, and how"
            + " many predict calls can be in flight, at once on Dataflow. A local run uses 2 unless"
            + " given.")
    @Default.Integer(16)
    @TemplateParameter(label = "Scoring shards", regex = "^[1-9][0-9]*$")
    int getScoringShards();

    void setScoringShards(int value);

    @Description(
        "Predict calls each scoring thread keeps going at once, so batches do not wait for each"
            + " other's calls.")
    @Default.Integer(2)
    @TemplateParameter(label = "Predict calls in flight", regex = "^[1-9][0-9]*$")
    int getMaxCallsInFlight();

    void setMaxCallsInFlight(int value);

    @Description(
        "Longest time, in milliseconds, a tweet waits for its batch to fill before the batch is"
            + " sent anyway.")
    @Default.Integer(500)
    @TemplateParameter(label = "Max buffering (ms)", regex = "^[1-9][0-9]*$")
    int getMaxBufferingMillis();

    void setMaxBufferingMillis(int value);

    @Description("Limit on one HTTP attempt to the service, in seconds.")
    @Default.Integer(30)
    @TemplateParameter(label = "Predict attempt timeout (s)", regex = "^[1-9][0-9]*$")
    int getInferenceTimeoutSeconds();

    void setInferenceTimeoutSeconds(int value);

    @Description(
        "How long, in seconds, a predict call may keep failing with transient errors (408, 429,"
            + " 5xx, I/O) before its tweets go to the dead letters. 0 (the default) retries until"
            + " the service answers: an outage delays tweets but loses none.")
    @Default.Integer(0)
    @TemplateParameter(
        label = "Predict retry budget (s, 0 = until it succeeds)",
        regex = "^[0-9]+$")
    int getInferenceRetryBudgetSeconds();

    void setInferenceRetryBudgetSeconds(int value);

    @Description(
        "BigQuery dataset to write scored_tweets, sentiment_windows and dead_letter to (in"
            + " --bigQueryProject, default --project). Empty writes NDJSON files to --outputDir.")
    @Default.String("")
    @TemplateParameter(label = "BigQuery dataset", regex = "^[A-Za-z0-9_]+$")
    String getOutputDataset();

    void setOutputDataset(String value);

    @Description(
        "How to write to BigQuery: STORAGE_API_AT_LEAST_ONCE (cheaper, a row may be written twice"
            + " on a retry) or STORAGE_WRITE_API (exactly once, commits every"
            + " --storageWriteApiTriggeringFrequencySec).")
    @Default.Enum("STORAGE_API_AT_LEAST_ONCE")
    @TemplateParameter(
        label = "BigQuery write method",
        regex = "^(STORAGE_API_AT_LEAST_ONCE|STORAGE_WRITE_API)$")
    BigQueryIO.Write.Method getBigQueryWriteMethod();

    void setBigQueryWriteMethod(BigQueryIO.Write.Method value);

    @Description("Folder of the local NDJSON output, used when --outputDataset is empty.")
    @Default.String("output")
    String getOutputDir();

    void setOutputDir(String value);
  }

  private SentimentPipeline() {}

  /**
   * Launches the pipeline on Dataflow, as the Flex Template launcher runs it: exits 0 once the job
   * is submitted or written to {@code --templateLocation}, 2 on options that need fixing.
   */
  public static void main(String[] args) {
    System.exit(DataflowLaunch.launch(args, System.out, System.err, null));
  }

  /** Builds the pipeline and starts it; returns without waiting. */
  public static PipelineResult run(Options options) {
    return run(options, null);
  }

  /** As {@link #run(Options)}, writing BigQuery through {@code bigQueryServices} when not null. */
  static PipelineResult run(Options options, @Nullable BigQueryServices bigQueryServices) {
    validate(options);
    options.setStreaming(!options.getBackfill());
    if (isDataflow(options) && !options.getBackfill()) {
      DataflowLaunch.keepLegacyStreamingRunner(options);
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, bigQueryServices);
    return pipeline.run();
  }

  /**
   * The pipeline's steps. Labels are stable: Dataflow's {@code --update} matches steps by them.
   *
   * <p>A backfill ({@code --backfill}) is the same graph as a batch job: it reads the files once,
   * deduplicates across the whole input, batches per bundle, and fires each window once.
   *
   * <ol>
   *   <li>ReadTweets: Pub/Sub, or a recording replayed as a stream, or (backfill) files read once.
   *   <li>ParseTweets: JSON to tweets stamped with created_at; failures to dead letters.
   *   <li>DeduplicateTweets: drop a tweet id already seen within the horizon (backfill: anywhere in
   *       the input).
   *   <li>FilterTweets: languages, retweets, and a backfill's created_at range.
   *   <li>ScoreSentiment: batched predict calls; failures to dead letters.
   *   <li>WriteScoredTweets; RejectedScoredTweets: rows BigQuery refused, as dead letters.
   *   <li>WindowTweets, AggregateSentiment, CorrectShares, WriteWindows, RejectedWindows:
   *       per-window sentiment per query, its shares corrected with the share correction of each
   *       model version that scored the window.
   *   <li>UnreadableFiles (backfill): archive files, or their rest, that could not be read, as dead
   *       letters.
   *   <li>WriteDeadLetters: every stage's failures, rejected rows included.
   * </ol>
   */
  static void build(Pipeline pipeline, Options o, @Nullable BigQueryServices bigQueryServices) {
    SinkConfig sink = sinkConfig(o, bigQueryServices);
    boolean backfill = o.getBackfill();
    RunInfo run =
        new RunInfo(
            o.getJobName(),
            java.time.Instant.now(),
            backfill ? RunInfo.Mode.BACKFILL : RunInfo.Mode.STREAMING);

    PCollectionTuple read = pipeline.apply("ReadTweets", ReadTweets.from(source(o)));
    PCollection<RawMessage> messages = read.get(ReadTweets.MESSAGES);

    PCollectionTuple parsed = messages.apply("ParseTweets", new ParseTweets());

    PCollection<IncomingTweet> tweets =
        parsed
            .get(ParseTweets.TWEETS)
            .apply(
                "DeduplicateTweets",
                backfill
                    ? new DeduplicateAcrossInput(o.getDedupShards())
                    : new DeduplicateTweets(
                        Duration.standardMinutes(o.getDedupHorizonMinutes()), o.getDedupShards()))
            .apply(
                "FilterTweets",
                new FilterTweets(FilterTweets.parseLanguages(o.getLanguages()), o.getDropRetweets())
                    .createdWithin(
                        instantOption("--backfillFrom", o.getBackfillFrom()),
                        instantOption("--backfillTo", o.getBackfillTo())));

    PCollectionTuple scored =
        tweets.apply(
            "ScoreSentiment",
            backfill
                ? ScoreSentiment.backfill(
                    clientConfig(o), o.getBatchSize(), o.getMaxCallsInFlight())
                : new ScoreSentiment(
                    clientConfig(o),
                    o.getBatchSize(),
                    Duration.millis(o.getMaxBufferingMillis()),
                    o.getScoringShards(),
                    o.getMaxCallsInFlight()));
    PCollection<ScoredTweetEvent> scoredTweets = scored.get(ScoreSentiment.SCORED);

    PCollection<DeadLetter> rejectedTweets =
        scoredTweets
            .apply(
                "WriteScoredTweets",
                WriteTable.of(ScoredTweetRow.TABLE, new ScoredTweetRow(run), sink))
            .apply("RejectedScoredTweets", RejectedRows.asDeadLetters(Stage.WRITE_SCORED_TWEETS));

    PCollection<WindowSentiment> windows =
        scoredTweets
            .apply(
                "WindowTweets",
                backfill
                    ? WindowTweets.complete(Duration.standardMinutes(o.getWindowMinutes()))
                    : new WindowTweets(
                        Duration.standardMinutes(o.getWindowMinutes()),
                        Duration.standardMinutes(o.getAllowedLatenessMinutes()),
                        earlyFiring(o)))
            .apply(
                "AggregateSentiment",
                backfill ? AggregateSentiment.ofCompleteWindows() : new AggregateSentiment())
            .apply("CorrectShares", new CorrectShares(clientConfig(o), o.getShareMethod()));
    PCollection<DeadLetter> rejectedWindows =
        windows
            .apply(
                "WriteWindows",
                WriteTable.of(WindowRow.TABLE, new WindowRow(run, o.getModel()), sink))
            .apply("RejectedWindows", RejectedRows.asDeadLetters(Stage.WRITE_WINDOWS));

    PCollectionList<DeadLetter> deadLetters =
        PCollectionList.of(parsed.get(ParseTweets.DEAD_LETTERS))
            .and(scored.get(ScoreSentiment.DEAD_LETTERS))
            .and(rejectedTweets)
            .and(rejectedWindows);
    if (read.has(ReadTweets.UNREADABLE)) {
      deadLetters =
          deadLetters.and(
              read.get(ReadTweets.UNREADABLE)
                  .apply("UnreadableFiles", UnreadableFiles.asDeadLetters()));
    }
    deadLetters.apply("WriteDeadLetters", new WriteDeadLetters(sink));
  }

  /** Fails fast, with what to fix, on options that contradict each other. */
  public static void validate(Options o) {
    validateInputsAndOutputs(o);
    clientConfig(o);
    if (isDataflow(o) && !o.getBackfill()) {
      DataflowLaunch.refuseRunnerV2(o);
    }
  }

  /** The checks that do not depend on the endpoint, which a local launcher may start later. */
  public static void validateInputsAndOutputs(Options o) {
    if (o.getInputSubscription() != null && o.getInputTopic() != null) {
      throw new IllegalArgumentException(
          "give --inputSubscription or --inputTopic, not both (production reads a subscription)");
    }
    if (o.getInputSubscription() == null && o.getInputTopic() == null && o.getInput() == null) {
      throw new IllegalArgumentException(
          "no input: give --inputSubscription=projects/P/subscriptions/S (production),"
              + " --inputTopic, or --input=FILE_OR_GLOB to replay a recording");
    }
    if (o.getInputSubscription() != null) {
      checkPubsubPath("--inputSubscription", o.getInputSubscription(), "subscriptions");
    }
    if (o.getInputTopic() != null) {
      checkPubsubPath("--inputTopic", o.getInputTopic(), "topics");
    }
    validateBackfill(o);
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

  /** A backfill reads files, once, and writes whole windows into BigQuery. */
  private static void validateBackfill(Options o) {
    if (!o.getBackfill()) {
      if (o.getBackfillFrom() != null || o.getBackfillTo() != null) {
        throw new IllegalArgumentException(
            "--backfillFrom and --backfillTo bound a backfill: add --backfill=true, or leave them"
                + " out");
      }
      return;
    }
    if (o.getInputSubscription() != null || o.getInputTopic() != null || o.getInput() == null) {
      throw new IllegalArgumentException(
          "a backfill reads files, not Pub/Sub: give --input=FILE_OR_GLOB (gs:// too, e.g. the"
              + " archive's gs://BUCKET/tweets/2026/11/0*/**.avro) and no --inputSubscription or"
              + " --inputTopic");
    }
    if (o.getReplaySpeed() != 0) {
      throw new IllegalArgumentException(
          "--replaySpeed paces a streaming replay; a backfill reads as fast as it can: leave it"
              + " out");
    }
    Instant from = instantOption("--backfillFrom", o.getBackfillFrom());
    Instant to = instantOption("--backfillTo", o.getBackfillTo());
    if (!o.getOutputDataset().isBlank() && (from == null || to == null)) {
      throw new IllegalArgumentException(
          "a backfill into BigQuery needs --backfillFrom and --backfillTo (created_at range, on"
              + " window boundaries): its rows replace the streaming job's in the *_latest views,"
              + " and a window cut by the edge of the input would replace a whole one with part of"
              + " it");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "--backfillFrom (" + from + ") must be before --backfillTo (" + to + ")");
    }
    if (!o.getOutputDataset().isBlank()
        && (o.getTempLocation() == null || o.getTempLocation().isBlank())) {
      throw new IllegalArgumentException(
          "a backfill loads BigQuery from files it writes under --tempLocation: pass"
              + " --tempLocation=gs://BUCKET/temp (gcloud dataflow flex-template run"
              + " --temp-location)");
    }
    long window = Duration.standardMinutes(o.getWindowMinutes()).getMillis();
    for (Instant edge : new Instant[] {from, to}) {
      if (edge != null && edge.toEpochMilli() % window != 0) {
        Instant before = Instant.ofEpochMilli(Math.floorDiv(edge.toEpochMilli(), window) * window);
        throw new IllegalArgumentException(
            "the backfill range must start and end on window boundaries (--windowMinutes="
                + o.getWindowMinutes()
                + "): "
                + edge
                + " is inside the window from "
                + before
                + " to "
                + before.plusMillis(window));
      }
    }
  }

  /**
   * An instant option: RFC 3339, or a date meaning midnight UTC; null when not given.
   *
   * @throws IllegalArgumentException naming the option and the forms it takes
   */
  static @Nullable Instant instantOption(String option, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option
              + " must be an RFC 3339 instant such as 2026-11-01T00:00:00Z or a date such as"
              + " 2026-11-01 (midnight UTC), got '"
              + value
              + "'",
          e);
    }
  }

  /** Beam's own checks of a Pub/Sub path, as an error that names the option. */
  private static void checkPubsubPath(String option, String path, String kind) {
    try {
      if (kind.equals("subscriptions")) {
        PubsubIO.PubsubSubscription.fromPath(path);
      } else {
        PubsubIO.PubsubTopic.fromPath(path);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option
              + " must be projects/PROJECT/"
              + kind
              + "/NAME with Pub/Sub's naming rules, got '"
              + path
              + "': "
              + e.getMessage(),
          e);
    }
  }

  public static boolean isDataflow(Options o) {
    return DataflowRunner.class.isAssignableFrom(o.getRunner());
  }

  static ReadTweets.Source source(Options o) {
    if (o.getInputSubscription() != null) {
      return new ReadTweets.FromSubscription(o.getInputSubscription());
    }
    if (o.getInputTopic() != null) {
      return new ReadTweets.FromTopic(o.getInputTopic());
    }
    if (o.getBackfill()) {
      return new ReadTweets.FromFiles(o.getInput(), o.getScoringShards());
    }
    return new ReadTweets.FromRecording(
        o.getInput(),
        Duration.standardSeconds(o.getReplayWatermarkLagSeconds()),
        o.getReplaySpeed(),
        new RecordedTweetsSource.ReplayWindows(
            Duration.standardMinutes(o.getWindowMinutes()),
            Duration.standardMinutes(o.getAllowedLatenessMinutes())));
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

  /** How the scoring step reaches the endpoint; fails with the option to fix when it cannot. */
  public static ClientConfig clientConfig(Options o) {
    String given = o.getSentimentEndpoint();
    if (given == null || given.isBlank()) {
      throw new IllegalArgumentException(
          "--sentimentEndpoint is required: the sentiment service's URL, e.g."
              + " https://sentiment-xyz.a.run.app (deploy sentiment-service to Cloud Run first)");
    }
    URI endpoint;
    try {
      endpoint = URI.create(given.strip());
    } catch (IllegalArgumentException e) {
      endpoint = null;
    }
    if (endpoint == null
        || endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException(
          "--sentimentEndpoint must be an http(s) URL such as https://sentiment-xyz.a.run.app,"
              + " got '"
              + given
              + "'"
              + (given.strip().equalsIgnoreCase("embedded")
                  ? ": 'embedded' starts the service in-process only in a local run"
                      + " (local-run/target/sentiment-pipeline.jar); Dataflow workers cannot"
                      + " reach a service inside the launcher"
                  : ""));
    }
    return new ClientConfig(
        endpoint,
        o.getModel().strip().toLowerCase(Locale.ROOT),
        o.getSentimentAuth(),
        java.time.Duration.ofSeconds(o.getInferenceTimeoutSeconds()),
        java.time.Duration.ofSeconds(o.getInferenceRetryBudgetSeconds()));
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
        // Load jobs are free and fit a batch job; the Storage Write API bills every byte.
        o.getBackfill() ? BigQueryIO.Write.Method.FILE_LOADS : o.getBigQueryWriteMethod(),
        Duration.standardSeconds(frequency == null ? 5 : frequency),
        streams == null ? 0 : streams,
        bigQueryServices);
  }
}
