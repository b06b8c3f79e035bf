package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.BagState;
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
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Groups tweets into batches of at most {@code batchSize}, spread over {@code shards} keys, each
 * sent when full or {@code maxBuffering} (processing time) after its first tweet, whichever comes
 * first.
 *
 * <p>A buffered tweet holds the watermark at the earliest {@code created_at} in its batch, so a
 * tweet never turns late for its window while it waits to be scored. Beam's {@code
 * GroupIntoBatches} holds it at the batch's first tweet instead, and lets an earlier tweet that
 * joins the batch fall behind the watermark: with out-of-order tweets that dropped some from their
 * windows. State per key is one batch; the keys are fixed, so state and timers never grow with the
 * data.
 */
final class BatchTweets
    extends PTransform<PCollection<IncomingTweet>, PCollection<List<IncomingTweet>>> {

  private final int batchSize;
  private final Duration maxBuffering;
  private final int shards;

  BatchTweets(int batchSize, Duration maxBuffering, int shards) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batchSize must be at least 1, got " + batchSize);
    }
    if (!maxBuffering.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--maxBufferingMillis must be positive");
    }
    if (shards < 1) {
      throw new IllegalArgumentException("--scoringShards must be at least 1, got " + shards);
    }
    this.batchSize = batchSize;
    this.maxBuffering = maxBuffering;
    this.shards = shards;
  }

  @Override
  public PCollection<List<IncomingTweet>> expand(PCollection<IncomingTweet> tweets) {
    int n = shards;
    return tweets
        .apply(
            "KeyByIdShard",
            WithKeys.of((IncomingTweet t) -> t.shard(n)).withKeyType(TypeDescriptors.integers()))
        .apply("FillBatches", ParDo.of(new FillBatchesFn(batchSize, maxBuffering)))
        .setCoder(ListCoder.of(IncomingTweet.IncomingTweetCoder.of()));
  }

  /** One open batch per key, in state; emitted at the earliest timestamp it holds. */
  static final class FillBatchesFn extends DoFn<KV<Integer, IncomingTweet>, List<IncomingTweet>> {
    private final int batchSize;
    private final Duration maxBuffering;

    @StateId("batch")
    private final StateSpec<BagState<IncomingTweet>> batchSpec =
        StateSpecs.bag(IncomingTweet.IncomingTweetCoder.of());

    @StateId("size")
    private final StateSpec<ValueState<Integer>> sizeSpec = StateSpecs.value(VarIntCoder.of());

    @StateId("earliest")
    private final StateSpec<ValueState<Instant>> earliestSpec = StateSpecs.value(InstantCoder.of());

    /** Sends the open batch {@code maxBuffering} after its first tweet (processing time). */
    @TimerId("send")
    private final TimerSpec sendSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    /**
     * Holds the watermark at the batch's earliest timestamp, and sends what is left when the input
     * ends (the watermark reaches the end of the window).
     */
    @TimerId("hold")
    private final TimerSpec holdSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    FillBatchesFn(int batchSize, Duration maxBuffering) {
      this.batchSize = batchSize;
      this.maxBuffering = maxBuffering;
    }

    /** A batch goes out at its earliest tweet's timestamp, which the hold kept on time. */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, IncomingTweet> element,
        @Timestamp Instant timestamp,
        @StateId("batch") BagState<IncomingTweet> batch,
        @StateId("size") ValueState<Integer> size,
        @StateId("earliest") ValueState<Instant> earliest,
        @TimerId("send") Timer send,
        @TimerId("hold") Timer hold,
        BoundedWindow window,
        OutputReceiver<List<IncomingTweet>> out) {
      Integer before = size.read();
      int count = (before == null ? 0 : before) + 1;
      Instant held = earliest.read();
      Instant min = held == null || timestamp.isBefore(held) ? timestamp : held;
      if (count >= batchSize) {
        List<IncomingTweet> full = new ArrayList<>(count);
        batch.read().forEach(full::add);
        full.add(element.getValue());
        clear(batch, size, earliest, send, hold);
        out.outputWithTimestamp(full, min);
        return;
      }
      batch.add(element.getValue());
      size.write(count);
      if (held == null) {
        send.offset(maxBuffering).setRelative();
      }
      if (held == null || timestamp.isBefore(held)) {
        earliest.write(min);
        // Setting the timer again moves its hold to the new earliest timestamp.
        hold.withOutputTimestamp(min).set(window.maxTimestamp());
      }
    }

    @OnTimer("send")
    public void onSend(
        @StateId("batch") BagState<IncomingTweet> batch,
        @StateId("size") ValueState<Integer> size,
        @StateId("earliest") ValueState<Instant> earliest,
        @TimerId("send") Timer send,
        @TimerId("hold") Timer hold,
        OutputReceiver<List<IncomingTweet>> out) {
      sendOpenBatch(batch, size, earliest, send, hold, out);
    }

    @OnTimer("hold")
    public void onEndOfWindow(
        @StateId("batch") BagState<IncomingTweet> batch,
        @StateId("size") ValueState<Integer> size,
        @StateId("earliest") ValueState<Instant> earliest,
        @TimerId("send") Timer send,
        @TimerId("hold") Timer hold,
        OutputReceiver<List<IncomingTweet>> out) {
      sendOpenBatch(batch, size, earliest, send, hold, out);
    }

    private static void sendOpenBatch(
        BagState<IncomingTweet> batch,
        ValueState<Integer> size,
        ValueState<Instant> earliest,
        Timer send,
        Timer hold,
        OutputReceiver<List<IncomingTweet>> out) {
      Instant min = earliest.read();
      List<IncomingTweet> open = new ArrayList<>();
      batch.read().forEach(open::add);
      clear(batch, size, earliest, send, hold);
      if (!open.isEmpty() && min != null) {
        out.outputWithTimestamp(open, min);
      }
    }

    private static void clear(
        BagState<IncomingTweet> batch,
        ValueState<Integer> size,
        ValueState<Instant> earliest,
        Timer send,
        Timer hold) {
      batch.clear();
      size.clear();
      earliest.clear();
      send.clear();
      hold.clear();
    }
  }
}
