package io.github.tweetsentiment.pipeline.scoring;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.WINDOW;
import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static io.github.tweetsentiment.pipeline.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batches: full ones go at once, open ones after the buffering time or at the end of input. */
@ExtendWith(TestPipelineExtension.class)
class BatchTweetsTest {

  private static final Duration BUFFERING = Duration.standardSeconds(1);

  final transient TestPipeline p = TestPipeline.create();

  private static TimestampedValue<IncomingTweet> tweet(String id, int offsetSeconds) {
    Duration offset = Duration.standardSeconds(offsetSeconds);
    return TimestampedValue.of(incoming(id, "t" + id, offset, "q"), BASE_TIME.plus(offset));
  }

  private static TestStream.Builder<IncomingTweet> stream() {
    return TestStream.create(IncomingTweet.IncomingTweetCoder.of()).advanceWatermarkTo(BASE_TIME);
  }

  /** Each batch as "id,id,..." in arrival order. */
  private static PCollection<String> render(PCollection<List<IncomingTweet>> batches) {
    return batches.apply(
        "Render",
        MapElements.into(TypeDescriptors.strings())
            .via(b -> b.stream().map(IncomingTweet::id).collect(Collectors.joining(","))));
  }

  @Test
  void fullBatches_goAtOnce_andTheRestAfterTheBufferingTime() {
    TestStream<IncomingTweet> events =
        stream()
            .addElements(tweet("1", 1), tweet("2", 2), tweet("3", 3))
            .advanceProcessingTime(BUFFERING.plus(Duration.millis(1)))
            .advanceWatermarkToInfinity();

    PCollection<List<IncomingTweet>> batches =
        p.apply(events).apply(new BatchTweets(2, BUFFERING, 1));

    PAssert.that(render(batches)).containsInAnyOrder("1,2", "3");
    p.run().waitUntilFinish();
  }

  @Test
  void anOpenBatch_isSentWhenTheInputEnds() {
    TestStream<IncomingTweet> events =
        stream().addElements(tweet("1", 1)).advanceWatermarkToInfinity();

    PCollection<List<IncomingTweet>> batches =
        p.apply(events).apply(new BatchTweets(100, Duration.standardHours(1), 1));

    PAssert.that(render(batches)).containsInAnyOrder("1");
    p.run().waitUntilFinish();
  }

  @Test
  void anEarlierTweetJoiningABatch_holdsTheWatermark_soItsWindowStillCountsIt() {
    TestStream<IncomingTweet> events =
        stream()
            .addElements(tweet("1", 70))
            // Out of order: earlier than the batch's first tweet, in the window before.
            .addElements(tweet("2", 5))
            // The watermark wants to pass window 0 while both wait in the batch.
            .advanceWatermarkTo(BASE_TIME.plus(Duration.standardMinutes(2)))
            .advanceProcessingTime(BUFFERING.plus(Duration.millis(1)))
            .advanceWatermarkToInfinity();

    PCollection<List<IncomingTweet>> windowed =
        p.apply(events)
            .apply(new BatchTweets(100, BUFFERING, 1))
            // No allowed lateness: a batch behind the watermark would be dropped here.
            .apply(
                Window.<List<IncomingTweet>>into(FixedWindows.of(WINDOW))
                    .withAllowedLateness(Duration.ZERO));

    PAssert.that(render(windowed)).inWindow(window(0)).containsInAnyOrder("1,2");
    p.run().waitUntilFinish();
  }

  @Test
  void settings_areChecked() {
    assertThatThrownBy(() -> new BatchTweets(0, BUFFERING, 1)).hasMessageContaining("--batchSize");
    assertThatThrownBy(() -> new BatchTweets(1, Duration.ZERO, 1))
        .hasMessageContaining("--maxBufferingMillis");
    assertThatThrownBy(() -> new BatchTweets(1, BUFFERING, 0))
        .hasMessageContaining("--scoringShards");
  }
}
