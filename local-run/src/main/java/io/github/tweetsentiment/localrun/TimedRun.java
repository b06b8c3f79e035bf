package io.github.tweetsentiment.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.PipelineConfig;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.sink.LocalTableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;

/**
 * One local pipeline run over a file, timed, as the benchmarks make it: the DirectRunner tuned as
 * for a local run, progress off, and the runner's threads behind the embedded model.
 *
 * @param scored tweets scored
 * @param read messages read
 * @param outOfOrder lines further out of order than the replay's lag
 * @param deadLetters dead letters written
 * @param secondsToLastScore from building the graph to the latest {@code processing_time} written
 * @param seconds from building the graph to the pipeline's end (final panes, files closed)
 */
record TimedRun(
    long scored,
    long read,
    long outOfOrder,
    long deadLetters,
    double secondsToLastScore,
    double seconds) {

  /** Tweets scored per second up to the last one. */
  double rate() {
    return scored / secondsToLastScore;
  }

  /**
   * Runs the pipeline over {@code input}, writing to a new folder under {@code dir}, with the JFR
   * CPU profile written to {@code profileTo} when not null; {@code extraArgs} are pipeline options.
   */
  static TimedRun of(
      Path input,
      String model,
      int batchSize,
      String endpoint,
      Path dir,
      List<String> extraArgs,
      Path profileTo)
      throws Exception {
    Path output = dir.resolve("out-" + input.getFileName() + "-" + System.nanoTime());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--outputDir=" + output,
                "--sentimentEndpoint=" + endpoint,
                "--model=" + model,
                "--batchSize=" + batchSize,
                "--progressSeconds=0"));
    args.addAll(extraArgs);
    String[] argv = args.toArray(String[]::new);
    LocalOptions options = LocalPipeline.parse(argv);
    LocalRun.tuneDirectRunner(options);
    PipelineConfig config = PipelineConfig.from(options, LocalRun.defaults(options, null), null);
    try (CpuProfile.Recorder recorder = profileTo == null ? null : CpuProfile.record(profileTo);
        RunnerThreads priority = RunnerThreads.lowerPriority()) {
      Instant startedAt = Instant.now();
      long start = System.nanoTime();
      PipelineResult result = SentimentPipeline.run(options, config);
      PipelineResult.State state = result.waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      Instant lastScore = lastProcessingTime(output);
      double toLastScore =
          lastScore == null ? seconds : Duration.between(startedAt, lastScore).toMillis() / 1e3;
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the run over " + input + " ended " + state);
      }
      Summary summary = Summary.of(result.metrics());
      return new TimedRun(
          summary.get(PipelineMetrics.TWEETS_SCORED),
          summary.get(PipelineMetrics.MESSAGES_READ),
          summary.get(PipelineMetrics.REPLAY_OUT_OF_ORDER),
          summary.get(PipelineMetrics.DEAD_LETTERS),
          toLastScore,
          seconds);
    }
  }

  /** The latest {@code processing_time} of the scored tweets a run wrote, or null. */
  private static Instant lastProcessingTime(Path output) throws IOException {
    Instant last = null;
    for (String line : LocalTableFiles.wholeLines(output, "scored_tweets")) {
      JsonNode time = TweetJson.mapper().readTree(line).get("processing_time");
      if (time != null && time.isTextual()) {
        Instant t = Instant.parse(time.asText());
        last = last == null || t.isAfter(last) ? t : last;
      }
    }
    return last;
  }
}
