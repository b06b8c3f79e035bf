package io.github.tweetsentiment.localrun.view;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.localrun.view.ViewState.Totals;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Totals from the pipeline's counters, with tweets per second over the whole run (as the summary
 * prints it) and over the last few seconds. Not thread-safe.
 */
final class TotalsCalculator {

  /** How far back "now" reaches, in seconds. */
  static final double RECENT_SECONDS = 5;

  private record Sample(double seconds, long scored) {}

  private final Deque<Sample> recent = new ArrayDeque<>();

  Totals totals(Metrics m, Map<String, Long> deadLettersByStage, double seconds, boolean over) {
    long scored = m.counter(PipelineMetrics.TWEETS_SCORED);
    double overall = seconds > 0 ? scored / seconds : 0;
    recent.addLast(new Sample(seconds, scored));
    while (recent.size() > 2 && recent.peekFirst().seconds() < seconds - RECENT_SECONDS) {
      recent.removeFirst();
    }
    Sample oldest = recent.peekFirst();
    double span = seconds - oldest.seconds();
    double now = over ? overall : span > 0 ? (scored - oldest.scored()) / span : 0;
    return new Totals(
        m.counter(PipelineMetrics.MESSAGES_READ),
        m.counter(PipelineMetrics.TWEETS_PARSED),
        m.counter(PipelineMetrics.DUPLICATES_DROPPED),
        m.counter(PipelineMetrics.TWEETS_FILTERED),
        scored,
        m.counter(PipelineMetrics.scored(SentimentLabel.NEGATIVE)),
        m.counter(PipelineMetrics.scored(SentimentLabel.NEUTRAL)),
        m.counter(PipelineMetrics.scored(SentimentLabel.POSITIVE)),
        m.counter(PipelineMetrics.INFERENCE_FAILURES),
        m.counter(PipelineMetrics.WINDOWS_WRITTEN),
        Math.max(0, scored - m.counter(PipelineMetrics.TWEETS_WINDOWED)),
        m.counter(PipelineMetrics.DEAD_LETTERS),
        deadLettersByStage,
        overall,
        now);
  }
}
