package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;

/** Prints one line of counters every few seconds while a local run goes on. */
final class Progress implements AutoCloseable {

  private final ScheduledExecutorService timer;

  private Progress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static Progress start(PipelineResult result, int periodSeconds, PrintStream out) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress");
              t.setDaemon(true);
              return t;
            });
    if (periodSeconds > 0) {
      long start = System.nanoTime();
      timer.scheduleAtFixedRate(
          () -> {
            try {
              out.println(line(Counters.of(result.metrics()), (System.nanoTime() - start) / 1e9));
            } catch (RuntimeException e) {
              // Metrics are best effort while the runner is busy; try again next period.
              out.println("(progress unavailable: " + e + ")");
            }
          },
          periodSeconds,
          periodSeconds,
          TimeUnit.SECONDS);
    }
    return new Progress(timer);
  }

  static String line(Counters c, double seconds) {
    return String.format(
        "[%5.0fs] read %d, parsed %d, duplicates %d, scored %d (neg %d / neu %d / pos %d),"
            + " window rows %d, dead letters %d",
        seconds,
        c.get(PipelineMetrics.MESSAGES_READ),
        c.get(PipelineMetrics.TWEETS_PARSED),
        c.get(PipelineMetrics.DUPLICATES_DROPPED),
        c.get(PipelineMetrics.TWEETS_SCORED),
        c.get(PipelineMetrics.scored(SentimentLabel.NEGATIVE)),
        c.get(PipelineMetrics.scored(SentimentLabel.NEUTRAL)),
        c.get(PipelineMetrics.scored(SentimentLabel.POSITIVE)),
        c.get(PipelineMetrics.WINDOWS_WRITTEN),
        c.get(PipelineMetrics.DEAD_LETTERS));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
