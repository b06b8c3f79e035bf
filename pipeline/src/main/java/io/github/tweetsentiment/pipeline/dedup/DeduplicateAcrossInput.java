package io.github.tweetsentiment.pipeline.dedup;

import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * The backfill's deduplication: one copy of each tweet id across the whole input, however far apart
 * its copies are, and always the same copy: the first published (then the first by file and line),
 * so a re-run writes the same rows.
 *
 * <p>Every copy of a tweet has the same {@code created_at}, so the copies of an id meet in the same
 * day of event time and the same shard of its id: the tweets are grouped by (day, shard), and a
 * group holds one day of one shard's tweets in memory, whatever the length of the input. For more
 * than about five million tweets a day, raise {@code --dedupShards} (each group then holds fewer).
 * Each bundle's tweets are put into lists of up to a thousand per group before the shuffle, so the
 * grouping handles a thousandth of the elements (the DirectRunner's grouping pays per element). The
 * streaming job's {@link DeduplicateTweets} cannot do this (an unbounded stream never ends, so
 * nothing can wait for all copies); it remembers ids for a horizon instead.
 */
public final class DeduplicateAcrossInput
    extends PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> {

  /** The order that picks the copy kept: first published, then first in the input files. */
  static final Comparator<IncomingTweet> FIRST_COPY =
      Comparator.comparing(
              IncomingTweet::publishTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(t -> t.attributes().getOrDefault("file", ""))
          .thenComparingLong(DeduplicateAcrossInput::lineNumber)
          .thenComparing(
              IncomingTweet::messageId, Comparator.nullsLast(Comparator.<String>naturalOrder()));

  private final int shards;

  /**
   * @param shards how many keys each day's tweet ids are hashed over: the step's parallelism
   */
  public DeduplicateAcrossInput(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("--dedupShards must be at least 1, got " + shards);
    }
    this.shards = shards;
  }

  @Override
  public PCollection<IncomingTweet> expand(PCollection<IncomingTweet> input) {
    return input
        .apply(
            "DaysOfCreatedAt",
            Window.<IncomingTweet>into(FixedWindows.of(Duration.standardDays(1))))
        .apply("ListPerShardAndBundle", ParDo.of(new ListPerShardFn(shards)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ListCoder.of(IncomingTweet.IncomingTweetCoder.of())))
        .apply("GroupByDayAndShard", GroupByKey.create())
        .apply("KeepFirstCopies", ParDo.of(new KeepFirstCopiesFn()))
        .setCoder(IncomingTweet.IncomingTweetCoder.of())
        .apply("BackToGlobalWindow", Window.into(new GlobalWindows()));
  }

  private static long lineNumber(IncomingTweet t) {
    try {
      return Long.parseLong(t.attributes().getOrDefault("line", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The tweets of a bundle in lists of at most {@value #LIST} per window (day) and shard. */
  static final class ListPerShardFn extends DoFn<IncomingTweet, KV<Integer, List<IncomingTweet>>> {
    static final int LIST = 1000;

    private record DayAndShard(BoundedWindow day, int shard) {}

    private final int shards;
    private transient Map<DayAndShard, List<IncomingTweet>> lists;

    ListPerShardFn(int shards) {
      this.shards = shards;
    }

    @StartBundle
    public void startBundle() {
      lists = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element IncomingTweet tweet,
        BoundedWindow day,
        OutputReceiver<KV<Integer, List<IncomingTweet>>> out) {
      int shard = tweet.shard(shards);
      List<IncomingTweet> list =
          lists.computeIfAbsent(new DayAndShard(day, shard), k -> new ArrayList<>());
      list.add(tweet);
      if (list.size() >= LIST) {
        // In this tweet's day; KeepFirstCopiesFn puts each tweet back at its own created_at.
        out.output(KV.of(shard, list));
        lists.remove(new DayAndShard(day, shard));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      lists.forEach(
          (key, list) ->
              context.output(KV.of(key.shard(), list), key.day().maxTimestamp(), key.day()));
      lists = null;
    }
  }

  /** Keeps the first copy of each id in one day of one shard; counts the others. */
  static final class KeepFirstCopiesFn
      extends DoFn<KV<Integer, Iterable<List<IncomingTweet>>>, IncomingTweet> {
    private final Counter duplicates = PipelineMetrics.counter(PipelineMetrics.DUPLICATES_DROPPED);

    /**
     * Each tweet leaves at its created_at, which may be before the group's timestamp: allowed in a
     * batch job, where nothing is late until the whole input is read.
     */
    @Override
    @SuppressWarnings("deprecation")
    public org.joda.time.Duration getAllowedTimestampSkew() {
      return org.joda.time.Duration.millis(Long.MAX_VALUE);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<List<IncomingTweet>>> group,
        OutputReceiver<IncomingTweet> out) {
      Map<String, IncomingTweet> first = new HashMap<>();
      long dropped = 0;
      for (List<IncomingTweet> list : group.getValue()) {
        for (IncomingTweet t : list) {
          IncomingTweet seen = first.putIfAbsent(t.id(), t);
          if (seen != null) {
            dropped++;
            if (FIRST_COPY.compare(t, seen) < 0) {
              first.put(t.id(), t);
            }
          }
        }
      }
      duplicates.inc(dropped);
      for (IncomingTweet t : first.values()) {
        out.outputWithTimestamp(t, new org.joda.time.Instant(t.tweet().createdAt().toEpochMilli()));
      }
    }
  }
}
