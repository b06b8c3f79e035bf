package io.github.tweetsentiment.localrun.view;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the page shows, as served by {@code GET /api/state} and inlined in {@code report.html}: one
 * immutable snapshot of a local run. Timestamps are the RFC 3339 strings of the output rows.
 *
 * @param job what runs, and whether it still does
 * @param totals the pipeline's counters
 * @param queries per search query, its windows in event-time order, each at its latest pane
 * @param latestTweets the most recently written scored tweets, newest first
 * @param latestDeadLetters the most recently written dead letters, newest first
 * @param windowsShown false when the output goes to BigQuery: windows and rows are then not read
 */
public record ViewState(
    Job job,
    Totals totals,
    List<QuerySeries> queries,
    List<TweetItem> latestTweets,
    List<DeadLetterItem> latestDeadLetters,
    boolean windowsShown) {

  /** Whether the job runs, finished, or failed. */
  public enum Status {
    RUNNING,
    FINISHED,
    FAILED;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The job.
   *
   * @param error what made it fail, null unless failed
   * @param modelVersion the version the service reported with the latest scored tweet, null before
   * @param report where report.html is (or will be) written, null when none is
   */
  public record Job(
      Status status,
      String error,
      String input,
      String model,
      String modelVersion,
      String output,
      String report,
      double elapsedSeconds) {}

  /**
   * The pipeline's counters (namespace {@code tweet-sentiment}), with dead letters per stage read
   * from the dead-letter rows.
   *
   * @param tooLateForWindows scored tweets left out of their window's aggregate
   * @param tweetsPerSecond tweets scored per second since the pipeline started
   * @param tweetsPerSecondNow over the last few seconds; equal to the former once the run is over
   */
  public record Totals(
      long read,
      long parsed,
      long duplicates,
      long filtered,
      long scored,
      long negative,
      long neutral,
      long positive,
      long inferenceFailures,
      long windowRows,
      long tooLateForWindows,
      long deadLetters,
      Map<String, Long> deadLettersByStage,
      double tweetsPerSecond,
      double tweetsPerSecondNow) {}

  /** One search query's windows, oldest first. */
  public record QuerySeries(String query, List<WindowPoint> windows) {}

  /**
   * A window of one query at its latest pane: the row {@code sentiment_windows_latest} returns.
   *
   * @param paneTiming EARLY, ON_TIME or LATE
   * @param estimated the corrected shares with their 95 % intervals, or null when the row has none
   */
  public record WindowPoint(
      String windowStart,
      String windowEnd,
      long tweets,
      long negative,
      long neutral,
      long positive,
      double meanPolarity,
      String paneTiming,
      long paneIndex,
      boolean isFinal,
      @Nullable Estimates estimated) {}

  /** A window's estimated true shares (the row's {@code corrected_*_share}, low and high). */
  public record Estimates(Estimate negative, Estimate neutral, Estimate positive) {}

  /** One estimated share, in [0, 1], and its 95 % interval. */
  public record Estimate(double share, double low, double high) {}

  /** A scored tweet. Its text is the tweet's, untouched: the page shows it as text. */
  public record TweetItem(
      String tweetId,
      String createdAt,
      String query,
      String author,
      String text,
      String label,
      Map<String, Double> probabilities) {}

  /** A dead letter; payload and message are cut to a few hundred characters. */
  public record DeadLetterItem(
      String failedAt, String stage, String errorType, String errorMessage, String payload) {}
}
