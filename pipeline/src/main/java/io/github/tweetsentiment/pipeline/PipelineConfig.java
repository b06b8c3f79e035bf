package io.github.tweetsentiment.pipeline;

import io.github.tweetsentiment.pipeline.aggregate.ShareMethod;
import io.github.tweetsentiment.pipeline.filter.FilterTweets;
import io.github.tweetsentiment.pipeline.read.ReadTweets;
import io.github.tweetsentiment.pipeline.read.RecordedTweetsSource;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import io.github.tweetsentiment.pipeline.sink.RunInfo;
import io.github.tweetsentiment.pipeline.sink.SinkConfig;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The pipeline's options, parsed and checked once: everything the graph is built from. Immutable;
 * {@link SentimentPipeline#build} reads nothing else.
 *
 * @param source where the messages come from
 * @param mode streaming or backfill, which gives four steps their variant
 * @param dedupShards keys the tweet ids are hashed over for deduplication
 * @param languages languages to keep; empty keeps all
 * @param dropRetweets whether retweets are dropped
 * @param client how the scoring and the share correction reach the service
 * @param batchSize tweets per predict call
 * @param maxCallsInFlight predict calls each scoring thread keeps going at once
 * @param window length of the event-time windows
 * @param shareMethod how the windows' corrected shares are estimated
 * @param sink where the three tables go
 * @param run which run writes the rows
 */
public record PipelineConfig(
    ReadTweets.Source source,
    Mode mode,
    int dedupShards,
    Set<String> languages,
    boolean dropRetweets,
    ClientConfig client,
    int batchSize,
    int maxCallsInFlight,
    Duration window,
    ShareMethod shareMethod,
    SinkConfig sink,
    RunInfo run) {

  public PipelineConfig {
    languages = Set.copyOf(languages);
  }

  /** The config of a Dataflow launch: the options as given. */
  public static PipelineConfig from(SentimentOptions o) {
    return from(o, LaunchDefaults.NONE, null);
  }

  /**
   * The config of {@code o}, with {@code defaults} in place of what the command line left out;
   * BigQuery goes through {@code bigQueryServices} when not null (tests).
   *
   * @throws IllegalArgumentException saying which option to fix
   */
  public static PipelineConfig from(
      SentimentOptions o, LaunchDefaults defaults, @Nullable BigQueryServices bigQueryServices) {
    Set<String> given = GivenOptions.of(o);
    String input = defaults.inputFor(o);
    OptionChecks.inputsAndOutputs(o, input);
    ClientConfig client = clientConfig(defaults.endpointFor(o), o);
    boolean backfill = o.getBackfill();
    int scoringShards =
        orDefault(given, "scoringShards", o.getScoringShards(), defaults.scoringShards());
    Duration window = Duration.standardMinutes(o.getWindowMinutes());
    ReadTweets.Source source = source(o, input, scoringShards, window);
    Mode mode =
        backfill
            ? new Mode.Backfill(
                OptionChecks.instant("--backfillFrom", o.getBackfillFrom()),
                OptionChecks.instant("--backfillTo", o.getBackfillTo()))
            : new Mode.Streaming(
                Duration.standardMinutes(o.getDedupHorizonMinutes()),
                Duration.millis(o.getMaxBufferingMillis()),
                scoringShards,
                Duration.standardMinutes(o.getAllowedLatenessMinutes()),
                earlyFiring(source, Duration.standardSeconds(o.getEarlyFiringSeconds())));
    return new PipelineConfig(
        source,
        mode,
        orDefault(given, "dedupShards", o.getDedupShards(), defaults.dedupShards()),
        FilterTweets.parseLanguages(o.getLanguages()),
        o.getDropRetweets(),
        client,
        orDefault(given, "batchSize", o.getBatchSize(), defaults.batchSize()),
        orDefault(given, "maxCallsInFlight", o.getMaxCallsInFlight(), defaults.maxCallsInFlight()),
        window,
        o.getShareMethod(),
        sinkConfig(o, bigQueryServices),
        new RunInfo(o.getJobName(), Instant.now(), mode.runMode()));
  }

  /** The model the service is asked for. */
  public String model() {
    return client.model();
  }

  /** True for a backfill, a batch job over files. */
  public boolean isBackfill() {
    return mode instanceof Mode.Backfill;
  }

  /** The FilterTweets step: languages, retweets and, for a backfill, its created_at range. */
  FilterTweets filter() {
    FilterTweets filter = new FilterTweets(languages, dropRetweets);
    return mode instanceof Mode.Backfill b ? filter.createdWithin(b.from(), b.to()) : filter;
  }

  private static int orDefault(Set<String> given, String option, int value, int fallback) {
    return given.contains(option) || fallback <= 0 ? value : fallback;
  }

  private static ReadTweets.Source source(
      SentimentOptions o, String input, int scoringShards, Duration window) {
    if (o.getInputSubscription() != null) {
      return new ReadTweets.FromSubscription(o.getInputSubscription());
    }
    if (o.getInputTopic() != null) {
      return new ReadTweets.FromTopic(o.getInputTopic());
    }
    if (o.getBackfill()) {
      return new ReadTweets.FromFiles(input, scoringShards);
    }
    return new ReadTweets.FromRecording(
        input,
        Duration.standardSeconds(o.getReplayWatermarkLagSeconds()),
        o.getReplaySpeed(),
        new RecordedTweetsSource.ReplayWindows(
            window, Duration.standardMinutes(o.getAllowedLatenessMinutes())));
  }

  /**
   * Processing time between early panes: as given for Pub/Sub; divided by the pace of a paced
   * replay, so its panes come as they would live; none for a replay as fast as possible, where a
   * minute of tweets passes in milliseconds and early panes would only arrive after their windows
   * closed (each costing the local runner a timer).
   */
  private static @Nullable Duration earlyFiring(ReadTweets.Source source, Duration live) {
    if (source instanceof ReadTweets.FromRecording replay) {
      return replay.replaySpeed() == 0
          ? null
          : Duration.millis(Math.max(1, Math.round(live.getMillis() / replay.replaySpeed())));
    }
    return live;
  }

  /** How the scoring step reaches the endpoint; fails with the option to fix when it cannot. */
  private static ClientConfig clientConfig(@Nullable String url, SentimentOptions o) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "--sentimentEndpoint is required: the sentiment service's URL, e.g."
              + " https://sentiment-xyz.a.run.app (deploy sentiment-service to Cloud Run first)");
    }
    URI endpoint;
    try {
      endpoint = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      endpoint = null;
    }
    if (endpoint == null
        || endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException(
          "--sentimentEndpoint must be an http(s) URL such as https://sentiment-xyz.a.run.app,"
              + " got '"
              + url
              + "'"
              + (url.strip().equalsIgnoreCase("embedded")
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

  private static SinkConfig sinkConfig(
      SentimentOptions o, @Nullable BigQueryServices bigQueryServices) {
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
