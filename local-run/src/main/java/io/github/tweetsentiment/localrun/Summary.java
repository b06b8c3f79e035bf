package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.PrintStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricResults;

/** The end-of-run report: counts per stage and label, windows, and where the output went. */
public record Summary(Counters counters) {

  public static Summary of(MetricResults metrics) {
    return new Summary(Counters.of(metrics));
  }

  /** A pipeline counter's final value. */
  public long get(String name) {
    return counters.get(name);
  }

  void print(PrintStream out, PipelineResult.State state, double seconds, LocalOptions options) {
    Counters c = counters;
    long scored = c.get(PipelineMetrics.TWEETS_SCORED);
    out.println();
    out.printf("Pipeline %s in %.1f s%n", state, seconds);
    row(out, "messages read", c.get(PipelineMetrics.MESSAGES_READ));
    row(out, "tweets parsed", c.get(PipelineMetrics.TWEETS_PARSED));
    row(out, "parse failures", c.get(PipelineMetrics.PARSE_FAILURES));
    row(out, "duplicates dropped", c.get(PipelineMetrics.DUPLICATES_DROPPED));
    row(out, "filtered out", c.get(PipelineMetrics.TWEETS_FILTERED));
    if (options.getBackfill()) {
      row(out, "outside the range", c.get(PipelineMetrics.TWEETS_OUT_OF_RANGE));
    }
    row(out, "tweets scored", scored);
    row(out, "  negative", c.get(PipelineMetrics.scored(SentimentLabel.NEGATIVE)));
    row(out, "  neutral", c.get(PipelineMetrics.scored(SentimentLabel.NEUTRAL)));
    row(out, "  positive", c.get(PipelineMetrics.scored(SentimentLabel.POSITIVE)));
    row(out, "inference failures", c.get(PipelineMetrics.INFERENCE_FAILURES));
    row(out, "window rows written", c.get(PipelineMetrics.WINDOWS_WRITTEN));
    // A stopped stream leaves windows open: their tweets are not late, only not yet counted.
    row(
        out,
        state == PipelineResult.State.DONE ? "too late for windows" : "not in a closed window",
        tooLateForWindows());
    long outOfOrder = c.get(PipelineMetrics.REPLAY_OUT_OF_ORDER);
    if (outOfOrder > 0) {
      row(out, "lines out of order", outOfOrder);
    }
    row(out, "dead letters", c.get(PipelineMetrics.DEAD_LETTERS));
    DistributionResult latency = c.distribution(PipelineMetrics.INFERENCE_LATENCY_MS);
    DistributionResult batch = c.distribution(PipelineMetrics.BATCH_SIZE);
    if (latency != null && latency.getCount() > 0) {
      out.printf(
          "  %-22s %d calls, mean %.1f ms, max %d ms, mean batch %.1f%n",
          "predict calls",
          latency.getCount(),
          latency.getMean(),
          latency.getMax(),
          batch == null ? 0.0 : batch.getMean());
    }
    if (seconds > 0 && scored > 0) {
      out.printf("  %-22s %.1f%n", "tweets scored per s", scored / seconds);
    }
    if (outOfOrder > 0) {
      out.printf(
          "Note: %,d lines of the input were more than %d s older than a line before them: their"
              + " tweets reached their windows late (after --allowedLatenessMinutes, not at all), as"
              + " out-of-order tweets do on a live stream. If the file should be in time order,"
              + " sort the file by created_at (the record command writes oldest first) or raise"
              + " --replayWatermarkLagSeconds.%n",
          outOfOrder, options.getReplayWatermarkLagSeconds());
    }
    if (options.getOutputDataset().isBlank()) {
      out.printf(
          "Output: %s/scored_tweets-*.ndjson, sentiment_windows-*.ndjson, dead_letter-*.ndjson%n",
          options.getOutputDir());
    } else {
      out.printf("Output: BigQuery dataset %s%n", options.getOutputDataset());
    }
  }

  /**
   * Tweets scored but left out of their window's aggregate because they arrived after its allowed
   * lateness: every scored tweet is either counted in a window or too late.
   */
  public long tooLateForWindows() {
    return Math.max(
        0,
        counters.get(PipelineMetrics.TWEETS_SCORED)
            - counters.get(PipelineMetrics.TWEETS_WINDOWED));
  }

  private static void row(PrintStream out, String label, long value) {
    out.printf("  %-22s %,d%n", label, value);
  }
}
