package io.github.tweetsentiment.pipeline.dedup;

import io.github.tweetsentiment.pipeline.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Drops a tweet whose id was already seen within {@code horizon} of event time, keeping the first
 * copy.
 *
 * <p>Pub/Sub's id attribute only catches a message published twice within Dataflow's own dedup
 * window; the same tweet also comes back in overlapping search pages and from replays. The state
 * for an id lives until the watermark passes the tweet's {@code created_at} plus the horizon, so
 * memory stays bounded by the tweets of one horizon. A copy arriving after that is let through (and
 * the horizon should be longer than any redelivery or re-poll delay).
 *
 * <p>Runs before windowing, in the global window: a duplicate is a duplicate whichever window the
 * first copy landed in.
 */
public final class DeduplicateTweets
    extends PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> {

  private final Duration horizon;

  public DeduplicateTweets(Duration horizon) {
    if (!horizon.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the dedup horizon must be positive, got " + horizon);
    }
    this.horizon = horizon;
  }

  @Override
  public PCollection<IncomingTweet> expand(PCollection<IncomingTweet> input) {
    return input
        .apply(
            "KeyByTweetId", WithKeys.of(IncomingTweet::id).withKeyType(TypeDescriptors.strings()))
        .apply("DropSeenIds", ParDo.of(new DropSeenIdsFn(horizon)));
  }

  /** Keeps the first tweet of each id; a timer forgets the id after the horizon. */
  static final class DropSeenIdsFn extends DoFn<KV<String, IncomingTweet>, IncomingTweet> {
    private final Duration horizon;
    private final Counter duplicates = PipelineMetrics.counter(PipelineMetrics.DUPLICATES_DROPPED);

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    DropSeenIdsFn(Duration horizon) {
      this.horizon = horizon;
    }

    @ProcessElement
    public void process(
        @Element KV<String, IncomingTweet> element,
        @Timestamp Instant timestamp,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("forget") Timer forget,
        OutputReceiver<IncomingTweet> out) {
      if (Boolean.TRUE.equals(seen.read())) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      // The timer outputs nothing, so it needs no watermark hold.
      forget.withNoOutputTimestamp().set(timestamp.plus(horizon));
      out.output(element.getValue());
    }

    @OnTimer("forget")
    public void onForget(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
