package io.github.tweetsentiment.pipeline.parse;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.envelope;
import static io.github.tweetsentiment.pipeline.Fixtures.onlyElement;
import static io.github.tweetsentiment.pipeline.Fixtures.pubsub;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ParseTweets: good envelopes become tweets stamped with created_at; every kind of bad input
 * becomes a parse dead letter that keeps the original payload and attributes.
 */
@ExtendWith(TestPipelineExtension.class)
class ParseTweetsTest {

  final transient TestPipeline p = TestPipeline.create();

  private static final Duration T = Duration.standardSeconds(30);
  private static final Duration PUBLISH_DELAY = Duration.standardMinutes(2);

  private PCollectionTuple parse(RawMessage... messages) {
    List<TimestampedValue<RawMessage>> stamped =
        java.util.Arrays.stream(messages)
            .map(
                m ->
                    TimestampedValue.of(
                        m,
                        m.publishTime() == null
                            ? BASE_TIME
                            : new Instant(m.publishTime().toEpochMilli())))
            .toList();
    return p.apply(Create.timestamped(stamped).withCoder(RawMessage.RawMessageCoder.of()))
        .apply(new ParseTweets());
  }

  private static RawMessage withAttributes(RawMessage m, Map<String, String> changes) {
    Map<String, String> attributes = new HashMap<>(m.attributes());
    changes.forEach(
        (k, v) -> {
          if (v == null) {
            attributes.remove(k);
          } else {
            attributes.put(k, v);
          }
        });
    return new RawMessage(m.payload(), attributes, m.messageId(), m.publishTime());
  }

  private static Map<String, String> without(String key) {
    Map<String, String> m = new HashMap<>();
    m.put(key, null);
    return m;
  }

  /** Tweet {@code id} ("x") as the ingest function publishes it. */
  private static RawMessage published(String id) {
    return pubsub(id, envelope(id, "x", T), T, PUBLISH_DELAY);
  }

  /** No tweet comes out, and the dead letters pass {@code check}; runs the pipeline. */
  private void assertOnlyDeadLetters(
      PCollectionTuple result, SerializableFunction<Iterable<DeadLetter>, Void> check) {
    PAssert.that(result.get(ParseTweets.TWEETS)).empty();
    PAssert.that(result.get(ParseTweets.DEAD_LETTERS)).satisfies(check);
    p.run().waitUntilFinish();
  }

  static final class RenderFn extends DoFn<IncomingTweet, String> {
    @ProcessElement
    public void process(
        @Element IncomingTweet t, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      out.output(t.id() + "@" + timestamp + " " + t.query() + " " + t.messageId());
    }
  }

  @Test
  void pubsubMessage_becomesATweetStampedWithItsCreatedAt_notItsPublishTime() {
    PCollectionTuple result = parse(pubsub("1001", envelope("1001", "hello", T), T, PUBLISH_DELAY));

    PAssert.that(result.get(ParseTweets.TWEETS).apply(ParDo.of(new RenderFn())))
        .containsInAnyOrder("1001@" + BASE_TIME.plus(T) + " nimbus x2 m-1001");
    PAssert.that(result.get(ParseTweets.DEAD_LETTERS)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void searchPage_yieldsEachTweet_andDeadLettersOnlyTheOneWithoutCreatedAt() {
    String page =
        "{\"data\":[{\"id\":\"1\",\"text\":\"a\",\"created_at\":\"2026-11-24T18:00:05Z\"},"
            + "{\"id\":\"2\",\"text\":\"b\"},"
            + "{\"id\":\"3\",\"text\":\"c\",\"created_at\":\"2026-11-24T18:00:07Z\"}],"
            + "\"meta\":{\"result_count\":3}}";
    PCollectionTuple result = parse(RawMessage.fromRecording(page, "rec.jsonl", 7));

    PAssert.that(result.get(ParseTweets.TWEETS).apply(ParDo.of(new RenderFn())))
        .containsInAnyOrder(
            "1@2026-11-24T18:00:05.000Z (none) null", "3@2026-11-24T18:00:07.000Z (none) null");
    PAssert.that(result.get(ParseTweets.DEAD_LETTERS))
        .satisfies(
            onlyElement(
                d -> {
                  assertThat(d.tweetId()).isEqualTo("2");
                  assertThat(d.errorMessage()).contains("created_at is missing");
                  // Only the failing tweet, as an envelope that replays alone.
                  assertThat(d.payloadString())
                      .contains("\"id\":\"2\"")
                      .doesNotContain("\"id\":\"1\"");
                  assertThat(d.attributes())
                      .containsEntry("file", "rec.jsonl")
                      .containsEntry("line", "7");
                }));
    p.run().waitUntilFinish();
  }

  @Test
  void truncatedJson_isDeadLettered_withTheOriginalPayloadAndAttributes() {
    String truncated = envelope("1002", "cut short", T).substring(0, 40);
    RawMessage message = pubsub("1002", truncated, T, PUBLISH_DELAY);
    // Captured by the assertion, which is serialized: plain values, not the message.
    Map<String, String> attributes = new TreeMap<>(message.attributes());
    java.time.Instant publishTime = message.publishTime();

    PCollectionTuple result = parse(message);

    assertOnlyDeadLetters(
        result,
        onlyElement(
            d -> {
              assertThat(d.stage()).isEqualTo(DeadLetter.Stage.PARSE);
              assertThat(d.errorType()).endsWith("TweetFormatException");
              assertThat(d.errorMessage()).contains("malformed JSON");
              assertThat(d.stackTrace()).contains("TweetJson.readEnvelope");
              assertThat(d.payload()).isEqualTo(truncated.getBytes(StandardCharsets.UTF_8));
              assertThat(d.attributes()).isEqualTo(attributes);
              assertThat(d.messageId()).isEqualTo("m-1002");
              assertThat(d.publishTime()).isEqualTo(publishTime);
              assertThat(d.tweetId()).isEqualTo("1002");
            }));
  }

  @Test
  void missingOrBadFields_areDeadLetteredNamingTheField() {
    PCollectionTuple result =
        parse(
            RawMessage.fromRecording("{\"data\":{\"text\":\"no id\"}}", "r", 1),
            RawMessage.fromRecording("{\"data\":{\"id\":\"5\"}}", "r", 2),
            RawMessage.fromRecording(
                "{\"data\":{\"id\":\"6\",\"text\":\"t\",\"created_at\":\"yesterday\"}}", "r", 3),
            RawMessage.fromRecording("not json at all", "r", 4),
            RawMessage.fromRecording("{}", "r", 5),
            RawMessage.fromRecording(
                "{\"data\":{\"id\":\"7\",\"text\":\"t\",\"created_at\":\"2999-01-01T00:00:00Z\"}}",
                "r",
                6));

    assertOnlyDeadLetters(
        result,
        dead -> {
          assertThat(dead)
              .extracting(d -> d.attributes().get("line") + " " + d.tweetId())
              .containsExactlyInAnyOrder("1 null", "2 5", "3 6", "4 null", "5 null", "6 7");
          assertThat(dead)
              .extracting(DeadLetter::errorMessage)
              .anySatisfy(m -> assertThat(m).contains("data.id"))
              .anySatisfy(m -> assertThat(m).contains("data.text"))
              .anySatisfy(m -> assertThat(m).contains("data.created_at").contains("yesterday"))
              .anySatisfy(m -> assertThat(m).contains("in the future"));
          return null;
        });
  }

  @Test
  void pubsubMessageWithoutTweetIdAttribute_isDeadLettered() {
    RawMessage message = withAttributes(published("1003"), without("tweet_id"));

    PCollectionTuple result = parse(message);

    assertOnlyDeadLetters(
        result,
        dead -> {
          DeadLetter d = dead.iterator().next();
          assertThat(d.errorType()).isEqualTo("bad_attribute");
          assertThat(d.errorMessage()).contains("tweet_id is missing");
          assertThat(d.messageId()).isEqualTo("m-1003");
          return null;
        });
  }

  @Test
  void pubsubMessageWithBadCreatedAtAttribute_orMismatchedTweetId_isDeadLettered() {
    RawMessage badCreatedAt =
        withAttributes(published("1004"), Map.of("created_at", "last tuesday"));
    RawMessage missingCreatedAt = withAttributes(published("1005"), without("created_at"));
    RawMessage mismatched = withAttributes(published("1006"), Map.of("tweet_id", "999"));

    PCollectionTuple result = parse(badCreatedAt, missingCreatedAt, mismatched);

    assertOnlyDeadLetters(
        result,
        dead -> {
          assertThat(dead)
              .extracting(d -> d.messageId() + ": " + d.errorMessage())
              .anySatisfy(m -> assertThat(m).startsWith("m-1004").contains("last tuesday"))
              .anySatisfy(m -> assertThat(m).startsWith("m-1005").contains("created_at is missing"))
              .anySatisfy(m -> assertThat(m).startsWith("m-1006").contains("names no tweet"));
          return null;
        });
  }
}
