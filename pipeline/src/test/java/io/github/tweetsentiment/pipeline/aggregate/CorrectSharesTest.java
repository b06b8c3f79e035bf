package io.github.tweetsentiment.pipeline.aggregate;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.WINDOW;
import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CorrectShares step against a real HTTP endpoint whose model changes under the running
 * pipeline: each window's shares use the matrix of the version that scored its tweets, and a
 * service that does not answer at first still gives corrected shares once it does.
 *
 * <p>One DirectRunner thread, so one DoFn instance and one cache, as on a single worker.
 */
@ExtendWith(TestPipelineExtension.class)
class CorrectSharesTest {
  private static final String Q = "nimbus";
  // v1 calls a fifth of the neutral tweets negative and a fifth positive.
  private static final String V1_MATRIX = "[[1.0,0.0,0.0],[0.2,0.6,0.2],[0.0,0.0,1.0]]";
  // v2 calls half the negative tweets neutral.
  private static final String V2_MATRIX = "[[0.5,0.5,0.0],[0.0,1.0,0.0],[0.0,0.0,1.0]]";

  final transient TestPipeline p = TestPipeline.create();

  private MockWebServer service;
  private final Deque<MockResponse> metadata = new ArrayDeque<>();

  @BeforeEach
  void start() throws Exception {
    p.getOptions().as(DirectOptions.class).setTargetParallelism(1);
    service = new MockWebServer();
    service.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (metadata) {
              return metadata.size() > 1 ? metadata.poll() : metadata.peek();
            }
          }
        });
    service.start();
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  private static MockResponse serves(String version, String matrix) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"name\":\"fast\",\"version\":\""
                + version
                + "\",\"share_correction\":{\"method\":\"adjusted_classify_and_count\","
                + "\"labels\":[\"negative\",\"neutral\",\"positive\"],\"matrix\":"
                + matrix
                + ",\"validation_counts\":[1,1,1]}}")
        .build();
  }

  private static MockResponse unavailable() {
    return new MockResponse.Builder().code(503).body("starting").build();
  }

  /**
   * Tweets scored by {@code version} in window {@code window}: {@code negative}, {@code neutral}
   * and {@code positive} of each label, in that order.
   */
  private static void add(
      List<TimestampedValue<ScoredTweetEvent>> into,
      int window,
      String version,
      int negative,
      int neutral,
      int positive) {
    add(into, window, version, SentimentLabel.NEGATIVE, negative);
    add(into, window, version, SentimentLabel.NEUTRAL, neutral);
    add(into, window, version, SentimentLabel.POSITIVE, positive);
  }

  /** {@code n} tweets of one label, scored by {@code version}, in window {@code window}. */
  private static void add(
      List<TimestampedValue<ScoredTweetEvent>> into,
      int window,
      String version,
      SentimentLabel label,
      int n) {
    for (int i = 0; i < n; i++) {
      Duration offset = WINDOW.multipliedBy(window).plus(Duration.standardSeconds(1 + i % 50));
      String id = version + "-" + window + "-" + label + "-" + i;
      ScoredTweetEvent scored =
          new ScoredTweetEvent(
              incoming(id, "text " + id, offset, Q),
              new Prediction(label, 0.9, Map.of(), "fast", version),
              java.time.Instant.EPOCH);
      into.add(TimestampedValue.of(scored, BASE_TIME.plus(offset)));
    }
  }

  /**
   * {@code first}, then the watermark passes the end of window 0 (its panes fire), then {@code
   * second}.
   */
  private static TestStream<ScoredTweetEvent> twoBatches(
      List<TimestampedValue<ScoredTweetEvent>> first,
      List<TimestampedValue<ScoredTweetEvent>> second) {
    return TestStream.create(ScoredTweetEvent.ScoredTweetEventCoder.of())
        .advanceWatermarkTo(BASE_TIME)
        .addElements(first.get(0), array(first.subList(1, first.size())))
        .advanceWatermarkTo(BASE_TIME.plus(WINDOW))
        .addElements(second.get(0), array(second.subList(1, second.size())))
        .advanceWatermarkToInfinity();
  }

  private static TimestampedValue<ScoredTweetEvent>[] array(
      List<TimestampedValue<ScoredTweetEvent>> events) {
    @SuppressWarnings("unchecked")
    TimestampedValue<ScoredTweetEvent>[] a = events.toArray(new TimestampedValue[0]);
    return a;
  }

  /** Window, aggregate, correct; each final pane as "window: corrected shares" rounded. */
  private PCollection<String> correctedPanes(TestStream<ScoredTweetEvent> events) {
    ClientConfig client =
        new ClientConfig(
            URI.create(service.url("/").toString()),
            "fast",
            ClientConfig.AuthMode.NONE,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofMillis(1));
    return p.apply(events)
        .apply(new WindowTweets(WINDOW, Duration.standardMinutes(10), Duration.standardSeconds(10)))
        .apply(new AggregateSentiment())
        .apply(new CorrectShares(client, ShareMethod.CORRECTION))
        .apply(
            MapElements.into(TypeDescriptors.strings())
                .via(
                    w ->
                        (w.windowStart().getEpochSecond() - BASE_TIME.getMillis() / 1000) / 60
                            + ": "
                            + (w.corrected() == null
                                ? "raw only"
                                : String.format(
                                    "%.2f/%.2f/%.2f",
                                    w.corrected().negative(),
                                    w.corrected().neutral(),
                                    w.corrected().positive()))));
  }

  @Test
  void aRolloutMidStream_correctsEachSideWithItsOwnMatrix_andAMixedWindowPerVersion() {
    metadata.add(serves("v1", V1_MATRIX));
    metadata.add(serves("v2", V2_MATRIX));
    List<TimestampedValue<ScoredTweetEvent>> before = new java.util.ArrayList<>();
    // Window 0, v1 only: 100 true neutral tweets seen as 20/60/20.
    add(before, 0, "v1", 20, 60, 20);
    // Window 1 before the rollout: 100 true neutral tweets through v1.
    add(before, 1, "v1", 20, 60, 20);
    List<TimestampedValue<ScoredTweetEvent>> after = new java.util.ArrayList<>();
    // Window 1 after the rollout: 100 true negative tweets through v2, seen as 50/50/0.
    add(after, 1, "v2", 50, 50, 0);
    // Window 2, v2 only: the same 100 true negative tweets.
    add(after, 2, "v2", 50, 50, 0);

    // Window 0 closes while v1 is served: the workers learn v1's correction.
    PAssert.that(correctedPanes(twoBatches(before, after)))
        .containsInAnyOrder(
            "0: 0.00/1.00/0.00", // v1's matrix undoes v1's spill
            "1: 0.50/0.50/0.00", // 100 neutral (v1) + 100 negative (v2), each by its own matrix
            "2: 1.00/0.00/0.00"); // v2's matrix undoes v2's softening
    p.run().waitUntilFinish();
  }

  @Test
  void aServiceDownAtFirst_givesRawShares_thenCorrectedOnesOnceItAnswers() {
    metadata.add(unavailable());
    metadata.add(serves("v1", V1_MATRIX));
    List<TimestampedValue<ScoredTweetEvent>> first = new java.util.ArrayList<>();
    add(first, 0, "v1", 20, 60, 20);
    List<TimestampedValue<ScoredTweetEvent>> second = new java.util.ArrayList<>();
    add(second, 1, "v1", 20, 60, 20);

    PAssert.that(correctedPanes(twoBatches(first, second)))
        .containsInAnyOrder("0: raw only", "1: 0.00/1.00/0.00");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(Fixtures.counter(result, PipelineMetrics.SHARE_CORRECTION_UNAVAILABLE)).isEqualTo(1);
  }
}
