package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy.AccumulationMode;

/**
 * Sentiment per window and query: counts per label, mean score and mean polarity, one row per pane,
 * each row the window's running total. Knows nothing of the windowing beyond needing panes that are
 * discarded once fired: apply {@link WindowTweets} first.
 *
 * <ol>
 *   <li>SumPerBundle: the tweets of a bundle summed per window and query, so what the grouping step
 *       holds grows with the bundles, not with the tweets (the DirectRunner copies that state at
 *       every bundle);
 *   <li>SumPerQuery: the sums of each pane, what arrived since the previous pane;
 *   <li>AccumulatePanes: the running total of each window and query, kept in state until the window
 *       expires, stamped with the pane's timing. It counts {@value
 *       PipelineMetrics#TWEETS_WINDOWED}, so tweets scored minus tweets windowed is what arrived
 *       too late for its window.
 * </ol>
 */
public final class AggregateSentiment
    extends PTransform<PCollection<ScoredTweetEvent>, PCollection<WindowSentiment>> {

  private final boolean onePanePerWindow;

  /** For windows with any number of panes (the streaming job's). */
  public AggregateSentiment() {
    this(false);
  }

  private AggregateSentiment(boolean onePanePerWindow) {
    this.onePanePerWindow = onePanePerWindow;
  }

  /**
   * For a batch job, where every window is complete once the input is read ({@link
   * WindowTweets#complete}, the backfill's): one row per window and query, its final one. The sums
   * of each bundle are grouped by query and day rather than by window and query: the same totals,
   * with a few keys instead of one per minute and query. Every key costs the DirectRunner a timer
   * it scans at every step, and a stateful step a watermark hold it scans per bundle: together 55 %
   * of a 100,000-tweet backfill's CPU otherwise (docs/benchmarks.md).
   */
  public static AggregateSentiment ofCompleteWindows() {
    return new AggregateSentiment(true);
  }

  @Override
  public PCollection<WindowSentiment> expand(PCollection<ScoredTweetEvent> scored) {
    if (scored.getWindowingStrategy().getMode() != AccumulationMode.DISCARDING_FIRED_PANES) {
      throw new IllegalArgumentException(
          "AggregateSentiment adds panes up itself: window the input with discarding panes"
              + " (WindowTweets)");
    }
    PCollection<KV<String, SentimentStats>> perBundle =
        scored
            .apply("SumPerBundle", ParDo.of(new SumPerBundleFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SentimentStats.SentimentStatsCoder.of()));
    if (onePanePerWindow) {
      return perBundle
          .apply("KeyByQueryAndDay", ParDo.of(new KeyByQueryAndDayFn()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), WindowSentiment.WindowSentimentCoder.of()))
          .apply("OutOfTheWindows", Window.into(new GlobalWindows()))
          .apply("GroupByQueryAndDay", GroupByKey.create())
          .apply("SumPerWindow", ParDo.of(new SumPerWindowFn()));
    }
    return perBundle
        .apply("SumPerQuery", Combine.perKey(new SumStatsFn()))
        .apply("StampPane", ParDo.of(new StampPaneFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), PaneSums.PaneSumsCoder.of()))
        .apply("AccumulatePanes", ParDo.of(new AccumulatePanesFn()));
  }

  /** Sums the tweets of one bundle per window and query; emits the sums when the bundle ends. */
  static final class SumPerBundleFn extends DoFn<ScoredTweetEvent, KV<String, SentimentStats>> {

    /** The sums of one window and query, at the earliest timestamp that went into them. */
    private static final class Partial {
      SentimentStats stats = SentimentStats.EMPTY;
      org.joda.time.Instant earliest;
    }

    private record WindowAndQuery(BoundedWindow window, String query) {}

    private transient Map<WindowAndQuery, Partial> partials;

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element ScoredTweetEvent tweet,
        @Timestamp org.joda.time.Instant timestamp,
        BoundedWindow window) {
      Partial p =
          partials.computeIfAbsent(new WindowAndQuery(window, tweet.query()), k -> new Partial());
      p.stats = p.stats.plus(SentimentStats.of(tweet.prediction()));
      if (p.earliest == null || timestamp.isBefore(p.earliest)) {
        p.earliest = timestamp;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      // At the earliest tweet's timestamp: the sums are exactly as late as their earliest tweet.
      partials.forEach(
          (key, p) -> context.output(KV.of(key.query(), p.stats), p.earliest, key.window()));
      partials = null;
    }
  }

  /** Adds up the sums of one window and query. */
  static final class SumStatsFn
      extends Combine.CombineFn<SentimentStats, SentimentStats, SentimentStats> {
    @Override
    public SentimentStats createAccumulator() {
      return SentimentStats.EMPTY;
    }

    @Override
    public SentimentStats addInput(SentimentStats acc, SentimentStats input) {
      return acc.plus(input);
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

  /**
   * The sums of one pane with the pane's timing, carried in the element so that the stateful step
   * after it sees them on every runner.
   */
  record PaneSums(SentimentStats added, String timing, boolean isLast) {

    /** Every field. */
    static final class PaneSumsCoder extends VersionedCoder<PaneSums> {
      private static final PaneSumsCoder INSTANCE = new PaneSumsCoder();

      private PaneSumsCoder() {
        super(
            1,
            (out, p) ->
                out.value(SentimentStats.SentimentStatsCoder.of(), p.added)
                    .string(p.timing)
                    .bool(p.isLast),
            in ->
                new PaneSums(
                    in.value(SentimentStats.SentimentStatsCoder.of()), in.string(), in.bool()));
      }

      static PaneSumsCoder of() {
        return INSTANCE;
      }
    }
  }

  /** Attaches the pane's timing to its sums. */
  static final class StampPaneFn extends DoFn<KV<String, SentimentStats>, KV<String, PaneSums>> {
    @ProcessElement
    public void process(
        @Element KV<String, SentimentStats> sums,
        PaneInfo pane,
        OutputReceiver<KV<String, PaneSums>> out) {
      out.output(
          KV.of(
              sums.getKey(),
              new PaneSums(sums.getValue(), pane.getTiming().name(), pane.isLast())));
    }
  }

  /** A bundle's sums of one window and query, keyed by the query and the window's day. */
  static final class KeyByQueryAndDayFn
      extends DoFn<KV<String, SentimentStats>, KV<String, WindowSentiment>> {
    @ProcessElement
    public void process(
        @Element KV<String, SentimentStats> sums,
        BoundedWindow window,
        OutputReceiver<KV<String, WindowSentiment>> out) {
      IntervalWindow w = (IntervalWindow) window;
      Instant start = Instant.ofEpochMilli(w.start().getMillis());
      out.output(
          KV.of(
              sums.getKey() + "|" + start.truncatedTo(ChronoUnit.DAYS),
              new WindowSentiment(
                  start,
                  Instant.ofEpochMilli(w.end().getMillis()),
                  sums.getKey(),
                  sums.getValue(),
                  PaneInfo.Timing.ON_TIME.name(),
                  0,
                  true,
                  Instant.EPOCH)));
    }
  }

  /**
   * Adds up the bundles' sums of each window of one query and day: each window's whole total, its
   * one and final row.
   */
  static final class SumPerWindowFn
      extends DoFn<KV<String, Iterable<WindowSentiment>>, WindowSentiment> {
    private final Counter written = PipelineMetrics.counter(PipelineMetrics.WINDOWS_WRITTEN);
    private final Counter windowed = PipelineMetrics.counter(PipelineMetrics.TWEETS_WINDOWED);

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<WindowSentiment>> day, OutputReceiver<WindowSentiment> out) {
      Map<Instant, WindowSentiment> windows = new TreeMap<>();
      for (WindowSentiment part : day.getValue()) {
        windows.merge(
            part.windowStart(),
            part,
            (a, b) ->
                new WindowSentiment(
                    a.windowStart(),
                    a.windowEnd(),
                    a.query(),
                    a.stats().plus(b.stats()),
                    a.paneTiming(),
                    0,
                    true,
                    Instant.EPOCH));
      }
      Instant now = Instant.now();
      for (WindowSentiment w : windows.values()) {
        windowed.inc(w.stats().count());
        written.inc();
        out.output(
            new WindowSentiment(
                w.windowStart(),
                w.windowEnd(),
                w.query(),
                w.stats(),
                w.paneTiming(),
                0,
                true,
                now));
      }
    }
  }

  /** Keeps each window and query's running total; emits it, with the window's bounds, per pane. */
  static final class AccumulatePanesFn extends DoFn<KV<String, PaneSums>, WindowSentiment> {
    private final Counter written = PipelineMetrics.counter(PipelineMetrics.WINDOWS_WRITTEN);
    private final Counter windowed = PipelineMetrics.counter(PipelineMetrics.TWEETS_WINDOWED);

    // Per window and query; Beam clears them when the window expires.
    @StateId("total")
    private final StateSpec<ValueState<SentimentStats>> totalSpec =
        StateSpecs.value(SentimentStats.SentimentStatsCoder.of());

    @StateId("panes")
    private final StateSpec<ValueState<Long>> panesSpec = StateSpecs.value(VarLongCoder.of());

    @ProcessElement
    public void process(
        @Element KV<String, PaneSums> element,
        BoundedWindow window,
        @StateId("total") ValueState<SentimentStats> total,
        @StateId("panes") ValueState<Long> panes,
        OutputReceiver<WindowSentiment> out) {
      PaneSums pane = element.getValue();
      SentimentStats before = total.read();
      SentimentStats now = (before == null ? SentimentStats.EMPTY : before).plus(pane.added());
      total.write(now);
      // Numbered here rather than by the grouping step, so that the row with the highest index
      // always carries the highest total, whatever order a runner delivers panes in.
      Long seen = panes.read();
      long index = seen == null ? 0 : seen;
      panes.write(index + 1);
      windowed.inc(pane.added().count());
      written.inc();
      IntervalWindow w = (IntervalWindow) window;
      out.output(
          new WindowSentiment(
              Instant.ofEpochMilli(w.start().getMillis()),
              Instant.ofEpochMilli(w.end().getMillis()),
              element.getKey(),
              now,
              pane.timing(),
              index,
              pane.isLast(),
              Instant.now()));
    }
  }
}
