package io.github.tweetsentiment.pipeline.scoring;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static io.github.tweetsentiment.pipeline.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.aggregate.WindowTweets;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ScoreSentiment against a real HTTP server scripted per case (200, 4xx, 429, 503, timeout,
 * garbage), through the real inference client. Every case asserts both outputs.
 */
@ExtendWith(TestPipelineExtension.class)
class ScoreSentimentTest {

  final transient TestPipeline p = TestPipeline.create();

  private MockWebServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static final List<IncomingTweet> TWEETS =
      List.of(
          incoming("101", "good phone", Duration.standardSeconds(5), "q"),
          incoming("102", "bad battery", Duration.standardSeconds(30), "q"),
          incoming("103", "it ships friday", Duration.standardSeconds(70), "q"));

  /** How long a call may keep failing; tests of giving up set a short one. */
  private java.time.Duration retryBudget = java.time.Duration.ofSeconds(3);

  private ClientConfig config() {
    return new ClientConfig(
        URI.create(server.url("/").toString()),
        "fast",
        ClientConfig.AuthMode.NONE,
        java.time.Duration.ofSeconds(1),
        retryBudget);
  }

  /** Scores the tweets as a stream: all arrive, batches flush, then the watermark ends. */
  private PCollectionTuple score(List<IncomingTweet> tweets, int batchSize) {
    TestStream.Builder<IncomingTweet> stream =
        TestStream.create(IncomingTweet.IncomingTweetCoder.of()).advanceWatermarkTo(BASE_TIME);
    for (IncomingTweet t : tweets) {
      stream =
          stream.addElements(
              TimestampedValue.of(t, new Instant(t.tweet().createdAt().toEpochMilli())));
    }
    return p.apply(
            stream
                // Past the batches' maximum buffering time: they are sent.
                .advanceProcessingTime(Duration.standardSeconds(1))
                .advanceWatermarkToInfinity())
        .apply(new ScoreSentiment(config(), batchSize, Duration.millis(200), 1, 2));
  }

  private void respond(Function<List<String>, MockResponse> script) {
    server.setDispatcher(KeywordModel.dispatcher(script));
  }

  private static MockResponse predictions(List<String> texts) {
    return KeywordModel.predictions(texts);
  }

  private static MockResponse problem(int status, String detail) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/problem+json")
        .body("{\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
        .build();
  }

  /** Each scored tweet as "id:label". */
  private static PCollection<String> labels(PCollectionTuple result) {
    return asText(
        result.get(ScoreSentiment.SCORED),
        "Labels",
        s -> s.incoming().id() + ":" + s.prediction().label().wireName());
  }

  /** Each dead letter as "tweet id:error type". */
  private static PCollection<String> deadLetterTypes(PCollectionTuple result) {
    return asText(
        result.get(ScoreSentiment.DEAD_LETTERS),
        "DeadLetterTypes",
        d -> d.tweetId() + ":" + d.errorType());
  }

  private static <T> PCollection<String> asText(
      PCollection<T> output, String step, SerializableFunction<T, String> text) {
    return output.apply(step, MapElements.into(TypeDescriptors.strings()).via(text));
  }

  /** No tweet is scored: each of {@code tweets} is dead-lettered, as {@code errorType}. */
  private static void assertAllDeadLettered(
      PCollectionTuple result, List<IncomingTweet> tweets, String errorType) {
    PAssert.that(labels(result)).empty();
    PAssert.that(deadLetterTypes(result))
        .containsInAnyOrder(tweets.stream().map(t -> t.id() + ":" + errorType).toList());
  }

  @Test
  void ok_scoresEveryTweet_andKeepsItsTimestampAndWindow() {
    respond(ScoreSentimentTest::predictions);

    PCollectionTuple result = score(TWEETS, 10);

    PAssert.that(labels(result)).containsInAnyOrder("101:positive", "102:negative", "103:neutral");
    PAssert.that(result.get(ScoreSentiment.DEAD_LETTERS)).empty();
    // Batching must not move tweets in event time: each keeps its created_at...
    PAssert.that(result.get(ScoreSentiment.SCORED).apply("Timestamps", ParDo.of(new TimestampFn())))
        .containsInAnyOrder(
            "101@" + BASE_TIME.plus(Duration.standardSeconds(5)),
            "102@" + BASE_TIME.plus(Duration.standardSeconds(30)),
            "103@" + BASE_TIME.plus(Duration.standardSeconds(70)));
    // ...so windowing after scoring puts each tweet in its own minute.
    PCollection<Long> perWindow =
        result
            .get(ScoreSentiment.SCORED)
            .apply(
                new WindowTweets(
                    Duration.standardMinutes(1),
                    Duration.standardMinutes(10),
                    Duration.standardSeconds(10)))
            .apply(Combine.globally(Count.<ScoredTweetEvent>combineFn()).withoutDefaults());
    PAssert.that(perWindow).inOnTimePane(window(0)).containsInAnyOrder(2L);
    PAssert.that(perWindow).inOnTimePane(window(1)).containsInAnyOrder(1L);
    p.run().waitUntilFinish();
  }

  @Test
  void clientError_forABatch_isRetriedTweetByTweet_soOnlyTheBadTweetIsDeadLettered() {
    respond(
        texts ->
            texts.stream().anyMatch(t -> t.contains("POISON"))
                ? problem(400, "instance text is not valid")
                : predictions(texts));
    List<IncomingTweet> tweets = new ArrayList<>(TWEETS);
    tweets.add(incoming("104", "POISON", Duration.standardSeconds(8), "q"));

    PCollectionTuple result = score(tweets, 10);

    PAssert.that(labels(result)).containsInAnyOrder("101:positive", "102:negative", "103:neutral");
    PAssert.that(result.get(ScoreSentiment.DEAD_LETTERS))
        .satisfies(
            Fixtures.onlyDeadLetter(
                DeadLetter.Stage.SCORE,
                "http_400",
                "104",
                d -> {
                  assertThat(d.errorMessage()).contains("instance text is not valid");
                  assertThat(d.stackTrace()).contains("InferenceException");
                  // The payload is the tweet's own envelope, ready to republish.
                  assertThat(TweetJson.readEnvelope(d.payloadString()).tweets().get(0).text())
                      .isEqualTo("POISON");
                }));
    p.run().waitUntilFinish();
  }

  @Test
  void tooManyRequests_untilRetriesRunOut_deadLettersTheBatch_andCountsThrottledTime() {
    respond(
        texts ->
            new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "1")
                .setHeader("Content-Type", "application/problem+json")
                .body("{\"status\":429,\"detail\":\"slow down\"}")
                .build());

    PCollectionTuple result = score(TWEETS, 10);

    assertAllDeadLettered(result, TWEETS, "http_429");
    PipelineResult run = p.run();
    run.waitUntilFinish();
    assertThat(
            Fixtures.counter(
                run, PipelineMetrics.THROTTLING_NAMESPACE, PipelineMetrics.THROTTLING_MSECS))
        .isGreaterThanOrEqualTo(1000);
    assertThat(Fixtures.counter(run, PipelineMetrics.INFERENCE_FAILURES)).isEqualTo(3);
  }

  @Test
  void serviceUnavailable_pastTheRetryBudget_deadLettersEachTweet() {
    respond(texts -> problem(503, "model loading"));

    PCollectionTuple result = score(TWEETS, 1);

    assertAllDeadLettered(result, TWEETS, "http_503");
    PipelineResult run = p.run();
    run.waitUntilFinish();
    // Retried within the 3 s budget, then given up.
    assertThat(Fixtures.counter(run, PipelineMetrics.INFERENCE_RETRIES)).isGreaterThanOrEqualTo(3);
  }

  @Test
  void anOutageThenRecovery_withNoRetryBudget_scoresEveryTweet_andDeadLettersNone() {
    retryBudget = java.time.Duration.ZERO;
    AtomicInteger requests = new AtomicInteger();
    respond(
        texts ->
            switch (requests.incrementAndGet()) {
              case 1 -> problem(503, "no instances");
              case 2 ->
                  predictions(texts)
                      .newBuilder()
                      .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                      .build();
              case 3 -> problem(500, "internal");
              case 4 ->
                  problem(429, "slow down").newBuilder().setHeader("Retry-After", "1").build();
              case 5 -> problem(502, "bad gateway");
              default -> predictions(texts);
            });

    PCollectionTuple result = score(TWEETS, 10);

    PAssert.that(labels(result)).containsInAnyOrder("101:positive", "102:negative", "103:neutral");
    PAssert.that(deadLetterTypes(result)).empty();
    PipelineResult run = p.run();
    run.waitUntilFinish();
    assertThat(Fixtures.counter(run, PipelineMetrics.INFERENCE_RETRIES)).isEqualTo(5);
    assertThat(
            Fixtures.counter(
                run, PipelineMetrics.THROTTLING_NAMESPACE, PipelineMetrics.THROTTLING_MSECS))
        .isGreaterThanOrEqualTo(1000);
    assertThat(Fixtures.counter(run, PipelineMetrics.INFERENCE_FAILURES)).isZero();
  }

  @Test
  void timeout_deadLettersAsIoFailure() {
    respond(
        texts ->
            new MockResponse.Builder()
                .code(200)
                .headersDelay(3, TimeUnit.SECONDS)
                .body("{}")
                .build());

    List<IncomingTweet> one = TWEETS.subList(0, 1);
    PCollectionTuple result = score(one, 1);

    assertAllDeadLettered(result, one, "io");
    p.run().waitUntilFinish();
  }

  @Test
  void garbageBody_deadLettersAsInvalidResponse() {
    respond(
        texts ->
            new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "text/html")
                .body("<html>gateway says hi</html>")
                .build());

    PCollectionTuple result = score(TWEETS, 10);

    assertAllDeadLettered(result, TWEETS, "invalid_response");
    p.run().waitUntilFinish();
  }

  static final class TimestampFn extends DoFn<ScoredTweetEvent, String> {
    @ProcessElement
    public void process(
        @Element ScoredTweetEvent s, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      out.output(s.incoming().id() + "@" + timestamp);
    }
  }
}
