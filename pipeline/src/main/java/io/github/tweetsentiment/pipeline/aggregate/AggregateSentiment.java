package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.pipeline.PipelineMetrics;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Sentiment per window and query: counts per label, mean score and mean polarity, one row per pane.
 * Knows nothing of the windowing: apply {@link WindowTweets} first.
 */
public final class AggregateSentiment
    extends PTransform<PCollection<ScoredTweetEvent>, PCollection<WindowSentiment>> {

  @Override
  public PCollection<WindowSentiment> expand(PCollection<ScoredTweetEvent> scored) {
    return scored
        .apply(
            "KeyByQuery",
            WithKeys.of(ScoredTweetEvent::query).withKeyType(TypeDescriptors.strings()))
        .apply("SumPerQuery", Combine.perKey(new SumStatsFn()))
        .apply("ToWindowRow", ParDo.of(new ToWindowSentimentFn()));
  }

  /** Adds up the predictions of one window and query. */
  static final class SumStatsFn
      extends Combine.CombineFn<ScoredTweetEvent, SentimentStats, SentimentStats> {
    @Override
    public SentimentStats createAccumulator() {
      return SentimentStats.EMPTY;
    }

    @Override
    public SentimentStats addInput(SentimentStats acc, ScoredTweetEvent input) {
      return acc.plus(SentimentStats.of(input.prediction()));
    }

    @Override
    public SentimentStats mergeAccumulators(Iterable<SentimentStats> accumulators) {
      SentimentStats sum = SentimentStats.EMPTY;
      for (SentimentStats a : accumulators) {
        sum = sum.plus(a);
      }
      return sum;
    }

    @Override
    public SentimentStats extractOutput(SentimentStats acc) {
      return acc;
    }
  }

  /** Adds the window's bounds and the pane's timing to the totals. */
  static final class ToWindowSentimentFn extends DoFn<KV<String, SentimentStats>, WindowSentiment> {
    private final Counter written = PipelineMetrics.counter(PipelineMetrics.WINDOWS_WRITTEN);

    @ProcessElement
    public void process(
        @Element KV<String, SentimentStats> totals,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<WindowSentiment> out) {
      IntervalWindow w = (IntervalWindow) window;
      written.inc();
      out.output(
          new WindowSentiment(
              Instant.ofEpochMilli(w.start().getMillis()),
              Instant.ofEpochMilli(w.end().getMillis()),
              totals.getKey(),
              totals.getValue(),
              pane.getTiming().name(),
              pane.getIndex(),
              pane.isLast(),
              Instant.now()));
    }
  }
}
