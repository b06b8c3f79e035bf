package io.github.tweetsentiment.pipeline.local;

import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.pipeline.SentimentPipeline.Options;
import java.io.PrintStream;
import org.apache.beam.sdk.PipelineResult;

/**
 * The local job: starts the sentiment service in-process when asked to, runs the pipeline on the
 * DirectRunner until the input is exhausted, printing progress, then prints a summary.
 */
public final class LocalRun {

  private LocalRun() {}

  /** Runs the job and returns the process exit code: 0 when the pipeline finished, 1 otherwise. */
  public static int execute(Options options, PrintStream out) {
    try (LocalEndpoint endpoint =
        LocalEndpoint.resolve(options.getSentimentEndpoint(), options.getModel(), out)) {
      options.setSentimentEndpoint(endpoint.url());
      out.printf(
          "Reading %s, scoring with model '%s' at %s, writing %s%n",
          describeInput(options),
          options.getModel(),
          endpoint.url(),
          options.getOutputDataset().isBlank()
              ? "NDJSON to " + options.getOutputDir() + "/"
              : "BigQuery dataset " + options.getOutputDataset());
      long start = System.nanoTime();
      PipelineResult result = SentimentPipeline.run(options);
      PipelineResult.State state;
      try (Progress progress = Progress.start(result, options.getProgressSeconds(), out)) {
        state = result.waitUntilFinish();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Summary.of(result.metrics()).print(out, state, seconds, options);
      return state == PipelineResult.State.DONE ? 0 : 1;
    }
  }

  private static String describeInput(Options o) {
    if (o.getInputSubscription() != null) {
      return "Pub/Sub subscription " + o.getInputSubscription();
    }
    if (o.getInputTopic() != null) {
      return "Pub/Sub topic " + o.getInputTopic();
    }
    return o.getInput()
        + (o.getReplaySpeed() > 0 ? " at " + o.getReplaySpeed() + "x real time" : "");
  }
}
