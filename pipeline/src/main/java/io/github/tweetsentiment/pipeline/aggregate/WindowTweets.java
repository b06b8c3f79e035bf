package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Fixed event-time windows with speculative, on-time and late panes.
 *
 * <p>A window fires early every {@code earlyFiring} of processing time while it fills (so a
 * dashboard moves before the minute is over), once on time when the watermark passes its end, and
 * again for each late tweet until {@code allowedLateness} has passed. Fired panes are discarded: a
 * pane holds what arrived since the previous one, so the grouping state stays small however many
 * tweets a window gets; {@link AggregateSentiment} adds the panes up into running totals.
 */
public final class WindowTweets
    extends PTransform<PCollection<ScoredTweetEvent>, PCollection<ScoredTweetEvent>> {

  private final Duration size;
  private final Duration allowedLateness;
  private final @Nullable Duration earlyFiring;
  private final boolean onTimeOnly;

  /**
   * @param earlyFiring processing time between early panes; null for none (a replay as fast as
   *     possible, where processing time says nothing about the tweets' time)
   */
  public WindowTweets(Duration size, Duration allowedLateness, @Nullable Duration earlyFiring) {
    this(size, allowedLateness, earlyFiring, false);
  }

  /**
   * The backfill's windows: complete when the whole input has been read. In a batch job no tweet is
   * late and nothing is worth showing early, so each window and query gets exactly one row, final
   * ({@link AggregateSentiment#ofCompleteWindows}).
   */
  public static WindowTweets complete(Duration size) {
    return new WindowTweets(size, Duration.ZERO, null, true);
  }

  private WindowTweets(
      Duration size, Duration allowedLateness, @Nullable Duration earlyFiring, boolean onTimeOnly) {
    if (!size.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--windowMinutes must be positive");
    }
    if (allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--allowedLatenessMinutes must not be negative");
    }
    if (earlyFiring != null && !earlyFiring.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--earlyFiringSeconds must be positive");
    }
    this.size = size;
    this.allowedLateness = allowedLateness;
    this.earlyFiring = earlyFiring;
    this.onTimeOnly = onTimeOnly;
  }

  @Override
  public PCollection<ScoredTweetEvent> expand(PCollection<ScoredTweetEvent> input) {
    if (onTimeOnly) {
      return input.apply(
          "FixedWindowsOnTimeOnly",
          Window.<ScoredTweetEvent>into(FixedWindows.of(size))
              .triggering(AfterWatermark.pastEndOfWindow())
              .withAllowedLateness(Duration.ZERO)
              .discardingFiredPanes());
    }
    AfterWatermark.AfterWatermarkEarlyAndLate trigger =
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
    if (earlyFiring != null) {
      trigger =
          trigger.withEarlyFirings(
              AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring));
    }
    return input.apply(
        "FixedWindowsWithEarlyAndLateFirings",
        Window.<ScoredTweetEvent>into(FixedWindows.of(size))
            .triggering(trigger)
            .withAllowedLateness(allowedLateness)
            .discardingFiredPanes());
  }
}
