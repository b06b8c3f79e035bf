package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.InferenceListener;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.localrun.view.LiveView;
import io.github.tweetsentiment.localrun.view.PageHold;
import io.github.tweetsentiment.localrun.view.ViewState;
import io.github.tweetsentiment.pipeline.GivenOptions;
import io.github.tweetsentiment.pipeline.LaunchDefaults;
import io.github.tweetsentiment.pipeline.OptionChecks;
import io.github.tweetsentiment.pipeline.PipelineConfig;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.pipeline.read.ReadTweets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.SdkHarnessOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The local job: starts the sentiment service in-process when asked to, runs the pipeline on the
 * DirectRunner until the input is exhausted, printing progress and showing it on the live page,
 * then prints a summary and writes the report.
 */
public final class LocalRun {

  /** Dedup shards of a local run unless given: see {@link #defaults}. */
  static final int LOCAL_DEDUP_SHARDS = 4;

  /** Scoring shards of a local run unless given: see {@link #defaults}. */
  static final int LOCAL_SCORING_SHARDS = 2;

  /**
   * Tweets per predict call of a local backfill unless given: the service's most per request
   * (max_instances), since a batch job waits for no one (a streaming run keeps the option's
   * default).
   */
  static final int LOCAL_BACKFILL_BATCH_SIZE = 256;

  /** Predict calls in flight per scoring thread of a local backfill unless given. */
  static final int LOCAL_BACKFILL_CALLS_IN_FLIGHT = 4;

  /** How long one start-up check waits for the endpoint to answer. */
  static final Duration ENDPOINT_CHECK_TIMEOUT = Duration.ofSeconds(10);

  private LocalRun() {}

  /**
   * A local run's defaults for what the command line left out, read once into its config (the
   * options are not edited):
   *
   * <ul>
   *   <li>The recording bundled in the jar when no input is given.
   *   <li>The service this run started, when it started one.
   *   <li>{@value #LOCAL_DEDUP_SHARDS} dedup shards and {@value #LOCAL_SCORING_SHARDS} scoring
   *       shards: the DirectRunner pays for every key in every bundle, and two cores gain nothing
   *       from more (the results are the same with any number).
   *   <li>A backfill sends batches of {@value #LOCAL_BACKFILL_BATCH_SIZE} with {@value
   *       #LOCAL_BACKFILL_CALLS_IN_FLIGHT} calls in flight: throughput, not latency (1.6x the
   *       tweets a second of batches of 100 with 2 in flight, docs/benchmarks.md).
   * </ul>
   *
   * @param startedService the URL of the service this run started, or null
   */
  static LaunchDefaults defaults(LocalOptions options, @Nullable String startedService) {
    boolean backfill = options.getBackfill();
    return new LaunchDefaults(
        LocalPipeline.BUNDLED_RECORDING,
        startedService,
        LOCAL_DEDUP_SHARDS,
        LOCAL_SCORING_SHARDS,
        backfill ? LOCAL_BACKFILL_BATCH_SIZE : 0,
        backfill ? LOCAL_BACKFILL_CALLS_IN_FLIGHT : 0);
  }

  /** The checks that do not need the endpoint, which this run may start later. */
  static void checkInputsAndOutputs(LocalOptions options) {
    OptionChecks.inputsAndOutputs(options, defaults(options, null).inputFor(options));
  }

  /** The config of a local run whose service answers at {@code endpoint}. */
  static PipelineConfig config(LocalOptions options, LocalEndpoint endpoint) {
    return PipelineConfig.from(
        options, defaults(options, endpoint.isEmbedded() ? endpoint.url() : null), null);
  }

  /**
   * Sets the DirectRunner's own switches for a local run, leaving alone those the command line set.
   *
   * <ul>
   *   <li>Immutability and encodability checks off: they re-encode every element and walk the whole
   *       graph for every bundle, which makes a run several times slower. Tests keep them.
   *   <li>{@code run()} returns at once, so progress can be printed while the pipeline runs.
   *   <li>Library logs at WARN and above, the pipeline's own at INFO (the DirectRunner applies
   *       these levels to java.util.logging when it starts).
   * </ul>
   */
  public static void tuneDirectRunner(PipelineOptions options) {
    Set<String> given = GivenOptions.of(options);
    DirectOptions direct = options.as(DirectOptions.class);
    if (!given.contains("enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!given.contains("enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    direct.setBlockOnRun(false);
    SdkHarnessOptions logging = options.as(SdkHarnessOptions.class);
    if (!given.contains("defaultSdkHarnessLogLevel")) {
      logging.setDefaultSdkHarnessLogLevel(SdkHarnessOptions.LogLevel.WARN);
    }
    if (!given.contains("sdkHarnessLogLevelOverrides")) {
      logging.setSdkHarnessLogLevelOverrides(
          SdkHarnessOptions.SdkHarnessLogLevelOverrides.from(
              Map.of("io.github.tweetsentiment.pipeline", "INFO")));
    }
  }

  /**
   * Runs the job and returns the process exit code: 0 when the pipeline finished, 1 when it failed
   * or was stopped, 2 when the given endpoint is not ready.
   */
  public static int execute(LocalOptions options, PrintStream out) {
    return execute(options, out, PageHold.untilEnterInATerminal(out));
  }

  /**
   * As {@link #execute(LocalOptions, PrintStream)}, with the live page kept up after the run, its
   * summary and its report for as long as {@code hold} says.
   */
  public static int execute(LocalOptions options, PrintStream out, PageHold hold) {
    // The DirectRunner applies the log levels when it starts; apply them before the embedded
    // service starts too. The list holds the configured loggers so their levels stick.
    List<java.util.logging.Logger> configured =
        SdkHarnessOptions.getConfiguredLoggerFromOptions(options.as(SdkHarnessOptions.class));
    try (LiveView view = LiveView.start(viewSettings(options), out);
        LocalEndpoint endpoint =
            LocalEndpoint.resolve(options.getSentimentEndpoint(), options.getModel(), out)) {
      PipelineConfig config = config(options, endpoint);
      if (!endpoint.isEmbedded() && !endpointReady(config, options, out)) {
        return 2;
      }
      out.printf(
          "Reading %s, scoring with model '%s' at %s, writing %s%n",
          describeInput(options),
          options.getModel(),
          endpoint.url(),
          options.getOutputDataset().isBlank()
              ? "NDJSON to " + options.getOutputDir() + "/"
              : "BigQuery dataset " + options.getOutputDataset());
      long start = System.nanoTime();
      PipelineResult.State state;
      PipelineResult result;
      StopOnSignal stop = null;
      try {
        result = SentimentPipeline.run(options, config);
        stop = StopOnSignal.install(result, out);
        view.pipelineStarted(() -> Counters.of(result.metrics())::get, start);
        state = waitUntilFinish(result, options, config, endpoint, out);
      } catch (RuntimeException e) {
        if (stop != null) {
          stop.finished();
        }
        view.finish(ViewState.Status.FAILED, e, (System.nanoTime() - start) / 1e9);
        view.writeReport();
        view.hold(hold);
        throw e;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      view.finish(
          state == PipelineResult.State.DONE ? ViewState.Status.FINISHED : ViewState.Status.FAILED,
          null,
          seconds);
      Summary.of(result.metrics()).print(out, state, seconds, options);
      view.writeReport();
      stop.finished();
      if (!stop.signalled()) {
        view.hold(hold);
      }
      java.lang.ref.Reference.reachabilityFence(configured);
      return state == PipelineResult.State.DONE ? 0 : 1;
    }
  }

  /**
   * Asks a given endpoint for the model before starting: a service still starting is waited for (up
   * to --endpointWaitSeconds, saying so), while a wrong URL or model is an error within seconds
   * that says what to fix, not a job waiting on retries.
   */
  private static boolean endpointReady(
      PipelineConfig config, LocalOptions options, PrintStream out) {
    try (SentimentClient client = config.client().newClient(InferenceListener.none())) {
      client.awaitModel(
          Duration.ofSeconds(options.getEndpointWaitSeconds()),
          ENDPOINT_CHECK_TIMEOUT,
          out::println);
      return true;
    } catch (InferenceException e) {
      out.println("Error: " + e.getMessage());
      out.println(
          "Start the service there (see sentiment-service/README.md), fix --sentimentEndpoint or"
              + " --model, or leave --sentimentEndpoint out to start the service in-process.");
      return false;
    }
  }

  private static PipelineResult.State waitUntilFinish(
      PipelineResult result,
      LocalOptions options,
      PipelineConfig config,
      LocalEndpoint endpoint,
      PrintStream out) {
    Progress progress =
        Progress.start(
            result,
            options.getProgressSeconds(),
            out,
            config.source() instanceof ReadTweets.FromFiles files
                ? new Progress.BackfillInput(InputSize.messages(files.spec()))
                : null);
    // The model in this JVM comes first; the runner takes what it leaves (see RunnerThreads).
    RunnerThreads priority = endpoint.isEmbedded() ? RunnerThreads.lowerPriority() : null;
    try {
      return result.waitUntilFinish();
    } finally {
      progress.close();
      if (priority != null) {
        priority.close();
      }
    }
  }

  private static LiveView.Settings viewSettings(LocalOptions o) {
    return new LiveView.Settings(
        o.getViewPort(),
        o.getOutputDataset().isBlank() ? Path.of(o.getOutputDir()) : null,
        describeInput(o),
        o.getModel());
  }

  /** What the run reads, in words. */
  private static String describeInput(LocalOptions o) {
    String input = defaults(o, null).inputFor(o);
    if (o.getInputSubscription() != null) {
      return "Pub/Sub subscription " + o.getInputSubscription();
    }
    if (o.getInputTopic() != null) {
      return "Pub/Sub topic " + o.getInputTopic();
    }
    if (o.getBackfill()) {
      return input
          + " as a backfill"
          + (o.getBackfillFrom() != null ? ", created from " + o.getBackfillFrom() : "")
          + (o.getBackfillTo() != null ? ", created before " + o.getBackfillTo() : "");
    }
    return input + (o.getReplaySpeed() > 0 ? " at " + o.getReplaySpeed() + "x real time" : "");
  }
}
