package io.github.tweetsentiment.pipeline;

import io.github.tweetsentiment.pipeline.aggregate.ShareMethod;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The pipeline's options, as the command line and the Flex Template give them; docs/pipeline.md
 * explains each with examples. They are read once, into a {@link PipelineConfig}: nothing past the
 * launcher looks at them.
 */
public interface SentimentOptions extends PubsubOptions, BigQueryOptions {

  @Description(
      "Pub/Sub subscription to read tweet envelopes from, projects/PROJECT/subscriptions/NAME."
          + " When set (or --inputTopic), --input is ignored.")
  @TemplateParameter(label = "Pub/Sub subscription", regex = "^projects/[^/]+/subscriptions/[^/]+$")
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

  @Description("Comma-separated languages to keep (the X API's lang, e.g. en,es); empty keeps all.")
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
  @TemplateParameter(label = "Predict retry budget (s, 0 = until it succeeds)", regex = "^[0-9]+$")
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
