package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;

/**
 * Prints one line of counters every few seconds while a local run goes on; for a backfill, first
 * how much is done and an estimate of the time left.
 */
final class Progress implements AutoCloseable {

  private final ScheduledExecutorService timer;

  private Progress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static Progress start(PipelineResult result, int periodSeconds, PrintStream out) {
    return start(result, periodSeconds, out, null);
  }

  /**
   * @param backfill the backfill's input size, for its estimate; null for a stream
   */
  static Progress start(
      PipelineResult result, int periodSeconds, PrintStream out, BackfillInput backfill) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress");
              t.setDaemon(true);
              return t;
            });
    if (periodSeconds > 0) {
      long start = System.nanoTime();
      // The previous line's time and tweets done: the rate the estimate goes by.
      double[] previous = {0, 0};
      timer.scheduleAtFixedRate(
          () -> {
            try {
              Counters c = Counters.of(result.metrics());
              double seconds = (System.nanoTime() - start) / 1e9;
              if (backfill != null) {
                out.println(backfillLine(c, seconds, backfill.messages(), previous));
                previous[0] = seconds;
                previous[1] = tweetsDone(c);
              }
              out.println(line(c, seconds));
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

  /**
   * How much of a backfill is done and what is left: the tweets done (scored, dropped as
   * duplicates, filtered, out of range, or dead-lettered while scoring) out of the tweets in the
   * input, counted as they are parsed and, until every message is read, extrapolated from the
   * messages read so far over the {@code totalMessages} the input holds (null when unknown, as for
   * gs:// input). The time left goes by the rate since the previous line ({@code previous}: its
   * seconds and tweets done), once scoring has begun.
   */
  static String backfillLine(Counters c, double seconds, Long totalMessages, double[] previous) {
    long read = c.get(PipelineMetrics.MESSAGES_READ);
    long parsed = c.get(PipelineMetrics.TWEETS_PARSED);
    long done = tweetsDone(c);
    boolean allRead = totalMessages != null && read >= totalMessages;
    if (read == 0 || (!allRead && totalMessages == null)) {
      return String.format("[%5.0fs] backfill: reading", seconds);
    }
    long tweets = allRead ? parsed : Math.round((double) parsed * totalMessages / read);
    if (tweets == 0) {
      return String.format("[%5.0fs] backfill: no tweets yet", seconds);
    }
    double share = Math.min(1.0, (double) done / tweets);
    String left;
    if (done == 0) {
      left = "reading, parsing, deduplicating before the first score";
    } else if (previous[1] <= 0 || seconds <= previous[0] || done <= previous[1]) {
      // Scoring began since the previous line: no rate to go by yet.
      left = "scoring";
    } else {
      double rate = (done - previous[1]) / (seconds - previous[0]);
      left = String.format("%,.0f tweets/s, about %s left", rate, duration((tweets - done) / rate));
    }
    return String.format(
        "[%5.0fs] backfill %3.0f%%: %,d of %s%,d tweets done, %s",
        seconds, 100 * share, done, allRead ? "" : "~", tweets, left);
  }

  private static long tweetsDone(Counters c) {
    return c.get(PipelineMetrics.TWEETS_SCORED)
        + c.get(PipelineMetrics.DUPLICATES_DROPPED)
        + c.get(PipelineMetrics.TWEETS_FILTERED)
        + c.get(PipelineMetrics.TWEETS_OUT_OF_RANGE)
        + c.get(PipelineMetrics.INFERENCE_FAILURES);
  }

  private static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s < 90
        ? s + " s"
        : s < 5400 ? Math.round(s / 60.0) + " min" : String.format("%.1f h", s / 3600.0);
  }

  /** The size of a backfill's input, as far as it is known before the run. */
  record BackfillInput(Long messages) {}

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
