package io.github.tweetsentiment.pipeline.dedup;

import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
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
 * Drops a tweet whose id was already seen, keeping the first copy, for as long as the id is
 * remembered: at least one horizon of {@code created_at} (event time), at most two.
 *
 * <p>Pub/Sub's id attribute only catches a message published twice within Dataflow's own dedup
 * window; the same tweet also comes back in overlapping search pages and from replays.
 *
 * <p>State is bounded by configuration, not by the data. Ids are hashed over a fixed number of
 * shards (keys). Every copy of a tweet has the same {@code created_at}, so each shard keeps the ids
 * of a tweet's epoch (its {@code created_at} in whole horizons since 1970) in one of two sets: even
 * epochs in one, odd in the other. A tweet of a newer epoch than its set holds clears it first, so
 * a shard remembers the ids of the newest two epochs it has seen and forgets those of older ones; a
 * copy from an epoch older than that is let through and counted in {@value
 * PipelineMetrics#DEDUP_TOO_OLD}. There are no timers, and the watermark plays no part, so a replay
 * that reads far ahead, or a copy that arrives late, is deduplicated the same way.
 * docs/decisions/0056-sharded-dedup-state.md explains the choice and its cost on Dataflow.
 *
 * <p>Runs before windowing, in the global window: a duplicate is a duplicate whichever window the
 * first copy landed in.
 */
public final class DeduplicateTweets
    extends PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> {

  private final Duration horizon;
  private final int shards;

  /**
   * @param horizon how long of {@code created_at} an id is remembered, at least (at most twice
   *     that)
   * @param shards how many keys the ids are spread over: the parallelism of this step on Dataflow;
   *     changing it on a running job forgets the ids seen so far
   */
  public DeduplicateTweets(Duration horizon, int shards) {
    if (!horizon.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the dedup horizon must be positive, got " + horizon);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("--dedupShards must be at least 1, got " + shards);
    }
    this.horizon = horizon;
    this.shards = shards;
  }

  @Override
  public PCollection<IncomingTweet> expand(PCollection<IncomingTweet> input) {
    int n = shards;
    return input
        .apply(
            "KeyByIdShard",
            WithKeys.of((IncomingTweet t) -> t.shard(n)).withKeyType(TypeDescriptors.integers()))
        .apply("DropSeenIds", ParDo.of(new DropSeenIdsFn(horizon)));
  }

  /** Keeps the first tweet of each id of one shard, in two sets of ids by epoch parity. */
  static final class DropSeenIdsFn extends DoFn<KV<Integer, IncomingTweet>, IncomingTweet> {
    private final long horizonMillis;
    private final Counter duplicates = PipelineMetrics.counter(PipelineMetrics.DUPLICATES_DROPPED);
    private final Counter tooOld = PipelineMetrics.counter(PipelineMetrics.DEDUP_TOO_OLD);

    @StateId("evenIds")
    private final StateSpec<SetState<String>> evenIdsSpec = StateSpecs.set(StringUtf8Coder.of());

    @StateId("evenEpoch")
    private final StateSpec<ValueState<Long>> evenEpochSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("oddIds")
    private final StateSpec<SetState<String>> oddIdsSpec = StateSpecs.set(StringUtf8Coder.of());

    @StateId("oddEpoch")
    private final StateSpec<ValueState<Long>> oddEpochSpec = StateSpecs.value(VarLongCoder.of());

    DropSeenIdsFn(Duration horizon) {
      this.horizonMillis = horizon.getMillis();
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, IncomingTweet> element,
        @Timestamp Instant createdAt,
        @StateId("evenIds") SetState<String> evenIds,
        @StateId("evenEpoch") ValueState<Long> evenEpoch,
        @StateId("oddIds") SetState<String> oddIds,
        @StateId("oddEpoch") ValueState<Long> oddEpoch,
        OutputReceiver<IncomingTweet> out) {
      long epoch = Math.floorDiv(createdAt.getMillis(), horizonMillis);
      boolean even = Math.floorMod(epoch, 2) == 0;
      SetState<String> ids = even ? evenIds : oddIds;
      ValueState<Long> heldEpoch = even ? evenEpoch : oddEpoch;
      Long held = heldEpoch.read();
      if (held == null || held < epoch) {
        // The set holds nothing, or ids at least two epochs older: make room for this epoch.
        ids.clear();
        heldEpoch.write(epoch);
      } else if (held > epoch) {
        // Older than anything this shard remembers: past the horizon, let through.
        tooOld.inc();
        out.output(element.getValue());
        return;
      }
      if (!ids.addIfAbsent(element.getValue().id()).read()) {
        duplicates.inc();
        return;
      }
      out.output(element.getValue());
    }
  }
}
