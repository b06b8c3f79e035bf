package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.InferenceListener;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.localrun.view.LiveView;
import io.github.tweetsentiment.localrun.view.PageHold;
import io.github.tweetsentiment.localrun.view.ViewState;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.SdkHarnessOptions;

/**
 * The local job: starts the sentiment service in-process when asked to, runs the pipeline on the
 * DirectRunner until the input is exhausted, printing progress and showing it on the live page,
 * then prints a summary and writes the report.
 */
public final class LocalRun {

  /** Dedup shards of a local run unless given: see {@link #tuneDirectRunner}. */
  static final int LOCAL_DEDUP_SHARDS = 4;

  /** Scoring shards of a local run unless given: see {@link #tuneDirectRunner}. */
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
   * Sets up the DirectRunner for a local run, leaving alone what the command line set.
   *
   * <ul>
   *   <li>Immutability and encodability checks off: they re-encode every element and walk the whole
   *       graph for every bundle, which makes a run several times slower. Tests keep them.
   *   <li>{@code run()} returns at once, so progress can be printed while the pipeline runs.
   *   <li>Library logs at WARN and above, the pipeline's own at INFO (the DirectRunner applies
   *       these levels to java.util.logging when it starts).
   *   <li>{@value #LOCAL_DEDUP_SHARDS} dedup shards and {@value #LOCAL_SCORING_SHARDS} scoring
   *       shards: the DirectRunner pays for every key in every bundle, and two cores gain nothing
   *       from more (the results are the same with any number).
   *   <li>A backfill sends batches of {@value #LOCAL_BACKFILL_BATCH_SIZE} with {@value
   *       #LOCAL_BACKFILL_CALLS_IN_FLIGHT} calls in flight: throughput, not latency (1.6x the
   *       tweets a second of batches of 100 with 2 in flight, docs/benchmarks.md).
   * </ul>
   */
  public static void tuneDirectRunner(LocalOptions options, String[] args) {
    if (options.getBackfill() && !given(args, "batchSize")) {
      options.setBatchSize(LOCAL_BACKFILL_BATCH_SIZE);
    }
    if (options.getBackfill() && !given(args, "maxCallsInFlight")) {
      options.setMaxCallsInFlight(LOCAL_BACKFILL_CALLS_IN_FLIGHT);
    }
    if (!given(args, "dedupShards")) {
      options.setDedupShards(LOCAL_DEDUP_SHARDS);
    }
    if (!given(args, "scoringShards")) {
      options.setScoringShards(LOCAL_SCORING_SHARDS);
    }
    DirectOptions direct = options.as(DirectOptions.class);
    if (!given(args, "enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!given(args, "enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    direct.setBlockOnRun(false);
    SdkHarnessOptions logging = options.as(SdkHarnessOptions.class);
    if (!given(args, "defaultSdkHarnessLogLevel")) {
      logging.setDefaultSdkHarnessLogLevel(SdkHarnessOptions.LogLevel.WARN);
    }
    if (!given(args, "sdkHarnessLogLevelOverrides")) {
      logging.setSdkHarnessLogLevelOverrides(
          SdkHarnessOptions.SdkHarnessLogLevelOverrides.from(
              Map.of("io.github.tweetsentiment.pipeline", "INFO")));
    }
  }

  private static boolean given(String[] args, String option) {
    return Arrays.stream(args).anyMatch(a -> a.startsWith("--" + option));
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
      options.setSentimentEndpoint(endpoint.url());
      if (!endpoint.isEmbedded() && !endpointReady(options, out)) {
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
        result = SentimentPipeline.run(options);
        stop = StopOnSignal.install(result, out);
        view.pipelineStarted(() -> Counters.of(result.metrics())::get, start);
        state = waitUntilFinish(result, options, endpoint, out);
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
  private static boolean endpointReady(LocalOptions options, PrintStream out) {
    try (SentimentClient client =
        SentimentPipeline.clientConfig(options).newClient(InferenceListener.none())) {
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
      PipelineResult result, LocalOptions options, LocalEndpoint endpoint, PrintStream out) {
    Progress progress =
        Progress.start(
            result,
            options.getProgressSeconds(),
            out,
            options.getBackfill()
                ? new Progress.BackfillInput(InputSize.messages(options.getInput()))
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

  private static String describeInput(LocalOptions o) {
    if (o.getInputSubscription() != null) {
      return "Pub/Sub subscription " + o.getInputSubscription();
    }
    if (o.getInputTopic() != null) {
      return "Pub/Sub topic " + o.getInputTopic();
    }
    if (o.getBackfill()) {
      return o.getInput()
          + " as a backfill"
          + (o.getBackfillFrom() != null ? ", created from " + o.getBackfillFrom() : "")
          + (o.getBackfillTo() != null ? ", created before " + o.getBackfillTo() : "");
    }
    return o.getInput()
        + (o.getReplaySpeed() > 0 ? " at " + o.getReplaySpeed() + "x real time" : "");
  }
}
