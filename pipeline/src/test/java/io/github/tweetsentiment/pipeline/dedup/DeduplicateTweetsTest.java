package io.github.tweetsentiment.pipeline.dedup;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dedup matrix: copies within and after the horizon, in one shard and across shards, late
 * copies, a watermark far ahead, and many ids per shard. The horizon is ten minutes; epochs are
 * whole horizons since 1970, and BASE_TIME starts one (an even one).
 */
@ExtendWith(TestPipelineExtension.class)
class DeduplicateTweetsTest {

  private static final Duration HORIZON = Duration.standardMinutes(10);

  final transient TestPipeline p = TestPipeline.create();

  private static TimestampedValue<IncomingTweet> tweet(String id, Duration offset) {
    return TimestampedValue.of(incoming(id, "tweet " + id, offset, "q"), BASE_TIME.plus(offset));
  }

  private static Duration minutes(long m) {
    return Duration.standardMinutes(m);
  }

  private static Instant at(Duration offset) {
    return BASE_TIME.plus(offset);
  }

  private static TestStream.Builder<IncomingTweet> stream() {
    return TestStream.create(IncomingTweet.IncomingTweetCoder.of()).advanceWatermarkTo(BASE_TIME);
  }

  /** The ids that pass dedup over {@code shards} shards, the timeline run to its end. */
  private PCollection<String> ids(TestStream.Builder<IncomingTweet> timeline, int shards) {
    return p.apply(timeline.advanceWatermarkToInfinity())
        .apply(new DeduplicateTweets(HORIZON, shards))
        .apply(MapElements.into(TypeDescriptors.strings()).via(IncomingTweet::id));
  }

  /** In one shard, exactly {@code kept} pass dedup. */
  private void assertKept(TestStream.Builder<IncomingTweet> timeline, String... kept) {
    PAssert.that(ids(timeline, 1)).containsInAnyOrder(kept);
    p.run().waitUntilFinish();
  }

  private static long duplicatesDropped(PipelineResult result) {
    return Fixtures.counter(result, PipelineMetrics.DUPLICATES_DROPPED);
  }

  @Test
  void copyWithinTheHorizon_isDropped_inOneShard() {
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .addElements(tweet("1", minutes(1)), tweet("2", minutes(1)))
            .advanceWatermarkTo(at(minutes(3)))
            .addElements(tweet("1", minutes(1)), tweet("2", minutes(1)), tweet("1", minutes(1)));

    PAssert.that(ids(timeline, 1)).containsInAnyOrder("1", "2");
    assertThat(duplicatesDropped(p.run())).isEqualTo(3);
  }

  @Test
  void copiesWithinTheHorizon_areDropped_acrossShards() {
    List<String> unique = new ArrayList<>();
    Set<Integer> shardsUsed = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String id = Long.toString(1_900_000_000_000_000_000L + i);
      unique.add(id);
      shardsUsed.add(incoming(id, "t", minutes(1), "q").shard(4));
    }
    assertThat(shardsUsed).as("the ids spread over several shards").hasSizeGreaterThan(1);
    TestStream.Builder<IncomingTweet> events = stream();
    for (String id : unique) {
      events = events.addElements(tweet(id, minutes(1)));
    }
    events = events.advanceWatermarkTo(at(minutes(5)));
    for (String id : unique) {
      events = events.addElements(tweet(id, minutes(2)));
    }

    PAssert.that(ids(events, 4)).containsInAnyOrder(unique);
    assertThat(duplicatesDropped(p.run())).isEqualTo(20);
  }

  @Test
  void copyAfterNewerTweetsOfTheNextEpoch_isStillDropped() {
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .addElements(tweet("1", minutes(9)))
            // A tweet of the next epoch (minutes 10-20): the first epoch is still remembered.
            .addElements(tweet("2", minutes(15)))
            .advanceWatermarkTo(at(minutes(16)))
            .addElements(tweet("1", minutes(9)));

    assertKept(timeline, "1", "2");
  }

  @Test
  void copyAfterTweetsTwoEpochsNewer_isLetThrough_andCounted() {
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .addElements(tweet("1", minutes(1)))
            // A tweet of epoch 2 (minutes 20-30) takes the set that held epoch 0's ids.
            .addElements(tweet("3", minutes(21)))
            .addElements(tweet("1", minutes(1)));

    PAssert.that(ids(timeline, 1)).containsInAnyOrder("1", "3", "1");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(Fixtures.counter(result, PipelineMetrics.DEDUP_TOO_OLD)).isEqualTo(1);
  }

  @Test
  void anIdIsRememberedForAWholeHorizon_afterItsCreatedAt() {
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .addElements(tweet("1", minutes(1)))
            // Newer tweets up to nearly a horizon after the first copy's created_at.
            .addElements(tweet("2", minutes(10)), tweet("3", minutes(19)))
            .addElements(tweet("1", minutes(1)));

    assertKept(timeline, "1", "2", "3");
  }

  @Test
  void copyAfterTheWatermarkJumpedFarAhead_isStillDropped() {
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .addElements(tweet("1", minutes(1)))
            // A replay that reads far ahead moves the watermark by hours at once.
            .advanceWatermarkTo(at(minutes(300)))
            .addElements(tweet("1", minutes(1)));

    assertKept(timeline, "1");
  }

  @Test
  void lateCopies_areDroppedToo() {
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .advanceWatermarkTo(at(minutes(15)))
            // Both copies are behind the watermark.
            .addElements(tweet("7", minutes(3)))
            .advanceWatermarkTo(at(minutes(16)))
            .addElements(tweet("7", minutes(3)));

    assertKept(timeline, "7");
  }

  @Test
  void manyIdsPerShard_areEachKeptOnce() {
    List<String> unique = new ArrayList<>();
    List<TimestampedValue<IncomingTweet>> first = new ArrayList<>();
    List<TimestampedValue<IncomingTweet>> again = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String id = Long.toString(1_800_000_000_000_000_000L + i * 7919L);
      unique.add(id);
      first.add(tweet(id, Duration.standardSeconds(i % 300)));
      again.add(tweet(id, Duration.standardSeconds(i % 300)));
    }
    TestStream.Builder<IncomingTweet> timeline =
        stream()
            .addElements(
                first.get(0), first.subList(1, first.size()).toArray(TimestampedValue[]::new))
            .advanceWatermarkTo(at(minutes(6)))
            .addElements(
                again.get(0), again.subList(1, again.size()).toArray(TimestampedValue[]::new));

    PAssert.that(ids(timeline, 3)).containsInAnyOrder(unique);
    assertThat(duplicatesDropped(p.run())).isEqualTo(2_000);
  }

  @Test
  void shardsAndHorizon_areChecked() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeduplicateTweets(HORIZON, 0))
        .hasMessageContaining("--dedupShards");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new DeduplicateTweets(Duration.ZERO, 4))
        .hasMessageContaining("horizon");
  }
}
