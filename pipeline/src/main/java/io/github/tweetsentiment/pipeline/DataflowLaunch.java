package io.github.tweetsentiment.pipeline;

import java.io.PrintStream;
import java.util.List;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Dataflow entry point's work: the options parsed and checked, the job built and submitted, and
 * what was launched said.
 *
 * <p>A Flex Template launch runs {@code main} with {@code --templateLocation}: the DataflowRunner
 * then writes the job to that file for the launcher to submit and returns a {@link
 * DataflowTemplateJob}, whose state must not be asked ({@code getState()} throws, and a non-zero
 * exit fails the launch: apache/beam#20106). So nothing here waits for or asks about the job.
 */
public final class DataflowLaunch {

  /** Experiments that put the job on Dataflow Runner v2. */
  static final List<String> RUNNER_V2_EXPERIMENTS = List.of("use_runner_v2", "use_unified_worker");

  /** The experiment that keeps a Java job on the legacy runner. */
  static final String DISABLE_RUNNER_V2 = "disable_runner_v2";

  private DataflowLaunch() {}

  /**
   * Parses and checks {@code args}, then submits the job (or writes it to {@code
   * --templateLocation}); returns the process exit code: 0 when launched, 2 when the options need
   * fixing. BigQuery goes through {@code bigQuery} when not null (tests).
   */
  static int launch(
      String[] args, PrintStream out, PrintStream err, @Nullable BigQueryServices bigQuery) {
    PipelineOptionsFactory.register(SentimentOptions.class);
    SentimentOptions options;
    PipelineConfig config;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(SentimentOptions.class);
      if (!SentimentPipeline.isDataflow(options)) {
        throw new IllegalArgumentException(
            "this jar launches the pipeline on Dataflow: pass --runner=DataflowRunner, or run it"
                + " locally with local-run/target/sentiment-pipeline.jar");
      }
      // Before anything slow starts: a mistake in the options is reported at once.
      config = PipelineConfig.from(options, LaunchDefaults.NONE, bigQuery);
      if (!config.isBackfill()) {
        refuseRunnerV2(options);
      }
    } catch (IllegalArgumentException e) {
      err.println("sentiment-pipeline: " + e.getMessage());
      err.println(
          "Options: docs/pipeline.md, or --help='" + SentimentOptions.class.getName() + "'");
      return 2;
    }
    PipelineResult result = SentimentPipeline.run(options, config);
    out.println(describe(result, options.as(DataflowPipelineOptions.class)));
    return 0;
  }

  /** Where to find what was launched; never the job's state (see the class comment). */
  public static String describe(PipelineResult result, DataflowPipelineOptions o) {
    String console =
        "https://console.cloud.google.com/dataflow/jobs/"
            + o.getRegion()
            + "%s?project="
            + o.getProject();
    if (result instanceof DataflowTemplateJob) {
      return "Wrote Dataflow job "
          + o.getJobName()
          + " to "
          + o.getTemplateLocation()
          + "; once the launcher submits it, it shows at "
          + console.formatted("");
    }
    if (result instanceof DataflowPipelineJob job) {
      return "Submitted Dataflow job "
          + o.getJobName()
          + " (id "
          + job.getJobId()
          + "): "
          + console.formatted("/" + job.getJobId());
    }
    return "Launched " + o.getJobName() + " (" + result.getClass().getSimpleName() + ")";
  }

  /**
   * Refuses Runner v2 for the streaming job: it keeps its dedup ids in {@code SetState}, which
   * Runner v2 does not support for Java streaming jobs (docs/decisions/0082).
   */
  public static void refuseRunnerV2(PipelineOptions o) {
    for (String v2 : RUNNER_V2_EXPERIMENTS) {
      if (ExperimentalOptions.hasExperiment(o, v2)) {
        throw new IllegalArgumentException(
            "--experiments="
                + v2
                + " puts the streaming job on Dataflow Runner v2, which does not support the"
                + " SetState its deduplication keeps for Java streaming jobs: leave it out (the"
                + " job runs on the legacy runner with Streaming Engine; docs/decisions/0082)");
      }
    }
  }

  /**
   * Pins the streaming job to what its state needs: Streaming Engine on and Runner v2 off, so the
   * service cannot choose otherwise.
   */
  static void keepLegacyStreamingRunner(PipelineOptions o) {
    DataflowPipelineOptions dataflow = o.as(DataflowPipelineOptions.class);
    dataflow.setEnableStreamingEngine(true);
    ExperimentalOptions.addExperiment(dataflow, DISABLE_RUNNER_V2);
  }
}
