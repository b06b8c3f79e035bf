package io.github.tweetsentiment.pipeline.aggregate;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.WINDOW;
import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static io.github.tweetsentiment.pipeline.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.dedup.DeduplicateTweets;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The windowing and dedup matrix, on the transforms the pipeline uses: DeduplicateTweets, then a
 * stand-in for scoring (a label from the text), then WindowTweets and AggregateSentiment. Each test
 * is a timeline of watermark moves, tweets and processing-time advances; assertions name the pane.
 *
 * <p>Windows are one minute, allowed lateness ten minutes, early firings every ten seconds.
 */
@ExtendWith(TestPipelineExtension.class)
class WindowedSentimentTest {

  private static final Duration ALLOWED_LATENESS = Duration.standardMinutes(10);
  private static final Duration EARLY_FIRING = Duration.standardSeconds(10);
  private static final Duration DEDUP_HORIZON = Duration.standardMinutes(60);
  private static final String Q = "nimbus";

  final transient TestPipeline p = TestPipeline.create();

  private static TimestampedValue<IncomingTweet> tweet(String id, String text, int offsetSeconds) {
    IncomingTweet t = incoming(id, text, Duration.standardSeconds(offsetSeconds), Q);
    return TimestampedValue.of(t, BASE_TIME.plus(Duration.standardSeconds(offsetSeconds)));
  }

  private static TestStream.Builder<IncomingTweet> stream() {
    return TestStream.create(IncomingTweet.IncomingTweetCoder.of()).advanceWatermarkTo(BASE_TIME);
  }

  /**
   * The timeline run to its end (the watermark to infinity) through dedup, scoring by keyword,
   * windowing and aggregation, each pane rendered as "query n=.. pos=.. neg=..".
   */
  private PCollection<String> panes(TestStream.Builder<IncomingTweet> timeline) {
    return scoreAndAggregate(
        p.apply(timeline.advanceWatermarkToInfinity())
            .apply(new DeduplicateTweets(DEDUP_HORIZON, 4)),
        WindowedSentimentTest::counts);
  }

  private static String counts(WindowSentiment w) {
    return w.query()
        + " n="
        + w.stats().count()
        + " pos="
        + w.stats().positive()
        + " neg="
        + w.stats().negative();
  }

  /** Score by keyword, window, aggregate, and render each pane with {@code render}. */
  private static PCollection<String> scoreAndAggregate(
      PCollection<IncomingTweet> tweets, SerializableFunction<WindowSentiment, String> render) {
    return tweets
        .apply(
            "ScoreByKeyword",
            MapElements.into(TypeDescriptor.of(ScoredTweetEvent.class))
                .via(WindowedSentimentTest::scoreByKeyword))
        .apply(new WindowTweets(WINDOW, ALLOWED_LATENESS, EARLY_FIRING))
        .apply(new AggregateSentiment())
        .apply("Render", MapElements.into(TypeDescriptors.strings()).via(render));
  }

  /** A stand-in for the model: "good" is positive, "bad" negative, anything else neutral. */
  static ScoredTweetEvent scoreByKeyword(IncomingTweet t) {
    String text = t.tweet().text();
    SentimentLabel label =
        text.contains("good")
            ? SentimentLabel.POSITIVE
            : text.contains("bad") ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
    return new ScoredTweetEvent(
        t, new Prediction(label, 0.9, Map.of(), "keyword", "1"), java.time.Instant.EPOCH);
  }

  @Test
  void onTimePane_countsEachTweetOnce_whenADuplicateArrivesInTheSameWindow() {
    PCollection<String> panes =
        panes(
            stream()
                .addElements(tweet("1", "good phone", 5), tweet("2", "bad battery", 20))
                // The same tweet again, as Pub/Sub redelivers it or a second search page
                // repeats it.
                .addElements(tweet("1", "good phone", 5))
                // The watermark passes the end of window 0: the on-time pane fires.
                .advanceWatermarkTo(BASE_TIME.plus(Duration.standardMinutes(1))));

    PAssert.that(panes).inOnTimePane(window(0)).containsInAnyOrder(Q + " n=2 pos=1 neg=1");
    p.run().waitUntilFinish();
  }

  @Test
  void earlyPane_firesAfterTheEarlyFiringDelay_andTheOnTimePaneAccumulates() {
    PCollection<String> panes =
        panes(
            stream()
                .addElements(tweet("1", "good phone", 5))
                // Eleven seconds of processing time later, the window shows what it has so far.
                .advanceProcessingTime(Duration.standardSeconds(11))
                .addElements(tweet("2", "good camera", 30))
                // The on-time pane holds both tweets: panes accumulate.
                .advanceWatermarkTo(BASE_TIME.plus(Duration.standardMinutes(1))));

    PAssert.that(panes).inEarlyPane(window(0)).containsInAnyOrder(Q + " n=1 pos=1 neg=0");
    PAssert.that(panes).inOnTimePane(window(0)).containsInAnyOrder(Q + " n=2 pos=2 neg=0");
    p.run().waitUntilFinish();
  }

  @Test
  void latePane_addsATweetWithinTheAllowedLateness_andIgnoresItsLateDuplicate() {
    PCollection<String> panes =
        panes(
            stream()
                .addElements(tweet("1", "good phone", 5))
                .advanceWatermarkTo(BASE_TIME.plus(Duration.standardMinutes(3)))
                // Two minutes behind the watermark, within the ten allowed: a late pane.
                .addElements(tweet("2", "bad battery", 40))
                // A late copy of an on-time tweet: dropped by dedup, so no third count.
                .addElements(tweet("1", "good phone", 5)));

    PAssert.that(panes).inOnTimePane(window(0)).containsInAnyOrder(Q + " n=1 pos=1 neg=0");
    PAssert.that(panes).inLatePane(window(0)).containsInAnyOrder(Q + " n=2 pos=1 neg=1");
    p.run().waitUntilFinish();
  }

  @Test
  void droppablyLateTweet_isLeftOutOfItsWindow_butStillPassesDedup() {
    TestStream<IncomingTweet> events =
        stream()
            .addElements(tweet("1", "good phone", 5))
            // Past the window's end plus the allowed lateness: window 0 is closed for good.
            .advanceWatermarkTo(BASE_TIME.plus(Duration.standardMinutes(12)))
            .addElements(tweet("2", "bad battery", 40))
            .advanceWatermarkToInfinity();

    PCollection<IncomingTweet> deduped =
        p.apply(events).apply(new DeduplicateTweets(DEDUP_HORIZON, 4));
    PCollection<String> panes =
        scoreAndAggregate(deduped, w -> w.query() + " n=" + w.stats().count());

    // The tweet is still scored and written (scoring runs before windowing)...
    PAssert.that(
            deduped.apply(
                "Ids", MapElements.into(TypeDescriptors.strings()).via(IncomingTweet::id)))
        .inWindow(GlobalWindow.INSTANCE)
        .containsInAnyOrder("1", "2");
    // ...but window 0 never hears of it, and Beam counts it as dropped for lateness.
    PAssert.that(panes).inWindow(window(0)).containsInAnyOrder(Q + " n=1");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long dropped = 0;
    for (MetricResult<Long> c :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      // "DroppedDueToLateness" on the DirectRunner, "droppedDueToLateness" in Beam's runners-core.
      if (c.getName().getName().equalsIgnoreCase("droppedDueToLateness")) {
        dropped += c.getAttempted();
      }
    }
    assertThat(dropped).isEqualTo(1);
  }

  @Test
  void duplicateAcrossAWindowBoundary_isDroppedWhileTheNextWindowFills() {
    PCollection<String> panes =
        panes(
            stream()
                .addElements(tweet("1", "good phone", 50))
                .advanceWatermarkTo(BASE_TIME.plus(Duration.standardSeconds(70)))
                // Window 0 has fired on time; a copy of its tweet arrives with window 1's tweets.
                .addElements(tweet("3", "bad battery", 75), tweet("1", "good phone", 50))
                .advanceWatermarkTo(BASE_TIME.plus(Duration.standardMinutes(2))));

    PAssert.that(panes).inOnTimePane(window(0)).containsInAnyOrder(Q + " n=1 pos=1 neg=0");
    // No late pane for window 0: its only late element was a duplicate.
    PAssert.that(panes).inLatePane(window(0)).empty();
    PAssert.that(panes).inOnTimePane(window(1)).containsInAnyOrder(Q + " n=1 pos=0 neg=1");
    p.run().waitUntilFinish();
  }

  @Test
  void aggregatesArePerQuery() {
    IncomingTweet other = incoming("9", "good seats", Duration.standardSeconds(10), "aerolux");
    PCollection<String> panes =
        panes(
            stream()
                .addElements(
                    tweet("1", "good phone", 5),
                    TimestampedValue.of(other, BASE_TIME.plus(Duration.standardSeconds(10)))));

    PAssert.that(panes)
        .inOnTimePane(window(0))
        .containsInAnyOrder(Q + " n=1 pos=1 neg=0", "aerolux n=1 pos=1 neg=0");
    p.run().waitUntilFinish();
  }
}
