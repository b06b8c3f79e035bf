package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.localrun.view.PageHold;
import io.github.tweetsentiment.pipeline.DataflowLaunch;
import io.github.tweetsentiment.pipeline.PipelineConfig;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import java.io.PrintStream;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code java -jar local-run/target/sentiment-pipeline.jar}: the pipeline on this machine, on the
 * DirectRunner, with the sentiment service started in-process, replaying the recording bundled in
 * the jar unless told otherwise; or, with {@code --runner=DataflowRunner}, the same options
 * submitted to Dataflow.
 *
 * <pre>{@code
 * java -jar local-run/target/sentiment-pipeline.jar [--input=FILE_OR_GLOB] [--model=fast]
 *   [--replaySpeed=60] [--outputDir=output] [--sentimentEndpoint=http://localhost:8080]
 * }</pre>
 *
 * <p>docs/pipeline.md lists every option.
 */
public final class LocalPipeline {

  /** The recording bundled in the jar, replayed when no input is given. */
  public static final String BUNDLED_RECORDING = "classpath:samples/tweets/recorded-tweets.jsonl";

  private LocalPipeline() {}

  public static void main(String[] args) {
    // One line per log record (java.util.logging's default takes two), unless configured.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    }
    LocalOptions options;
    PipelineConfig config = null;
    try {
      options = parse(args);
      // Before anything slow starts: a mistake in the options is reported at once.
      if (SentimentPipeline.isDataflow(options)) {
        config = PipelineConfig.from(options);
        DataflowLaunch.refuseRunnerV2(options);
      } else {
        LocalRun.checkInputsAndOutputs(options);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("sentiment-pipeline: " + e.getMessage());
      System.err.println(
          "Options: docs/pipeline.md, or --help='" + LocalOptions.class.getName() + "'");
      System.exit(2);
      return;
    }
    if (SentimentPipeline.isDataflow(options)) {
      PipelineResult result = SentimentPipeline.run(options, config);
      // Never the job's state: a template job throws on it (DataflowLaunch).
      System.out.println(
          DataflowLaunch.describe(result, options.as(DataflowPipelineOptions.class)));
      return;
    }
    LocalRun.tuneDirectRunner(options);
    System.exit(LocalRun.execute(options, System.out));
  }

  /**
   * The options of the command line. A local run's defaults (the bundled recording when no input is
   * given, the in-process service when no endpoint is given) are not written into them: {@link
   * LocalRun} builds its config with them.
   */
  static LocalOptions parse(String[] args) {
    PipelineOptionsFactory.register(LocalOptions.class);
    LocalOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(LocalOptions.class);
    if (options.getEndpointWaitSeconds() < 0) {
      throw new IllegalArgumentException(
          "--endpointWaitSeconds must be 0 (check once) or more, got "
              + options.getEndpointWaitSeconds());
    }
    return options;
  }

  /** Runs a local job and returns its exit code; see {@link LocalRun#execute}. */
  static int run(String[] args, PrintStream out) {
    return run(args, out, PageHold.NONE);
  }

  /** As {@link #run(String[], PrintStream)}, keeping the live page up as {@code hold} says. */
  static int run(String[] args, PrintStream out, PageHold hold) {
    LocalOptions options = parse(args);
    LocalRun.checkInputsAndOutputs(options);
    LocalRun.tuneDirectRunner(options);
    return LocalRun.execute(options, out, hold);
  }
}
