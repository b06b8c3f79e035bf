package io.github.tweetsentiment.pipeline.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.Envelope;
import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetFormatException;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.TweetMessage;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Parses raw messages into tweets stamped with their {@code created_at} as event time.
 *
 * <p>Outputs, in the returned tuple:
 *
 * <ul>
 *   <li>{@link #TWEETS}: one {@link IncomingTweet} per tweet (a search page yields several),
 *       timestamped with its {@code created_at};
 *   <li>{@link #DEAD_LETTERS}, stage {@code parse}: malformed JSON, a payload that is not a tweet,
 *       a tweet without {@code created_at} or with one more than a day in the future, and a Pub/Sub
 *       message whose {@code tweet_id} or {@code created_at} attribute is missing, malformed or
 *       does not match its payload.
 * </ul>
 */
public final class ParseTweets extends PTransform<PCollection<RawMessage>, PCollectionTuple> {

  public static final TupleTag<IncomingTweet> TWEETS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<RawMessage> input) {
    return input.apply(
        "ParseEnvelope",
        ParDo.of(new ParseEnvelopeFn()).withOutputTags(TWEETS, TupleTagList.of(DEAD_LETTERS)));
  }

  /** Parses one message; never throws on bad input. */
  static final class ParseEnvelopeFn extends DoFn<RawMessage, IncomingTweet> {
    // Clocks drift and the X API is not wrong by a day: later than this is bad data, not news.
    private static final java.time.Duration MAX_FUTURE = java.time.Duration.ofDays(1);

    // Counted here rather than where they are read: one step less per bundle for the local runner.
    private final Counter read = PipelineMetrics.counter(PipelineMetrics.MESSAGES_READ);
    private final Counter parsed = PipelineMetrics.counter(PipelineMetrics.TWEETS_PARSED);
    private final Counter failures = PipelineMetrics.counter(PipelineMetrics.PARSE_FAILURES);
    private final Counter emptyPages = PipelineMetrics.counter(PipelineMetrics.EMPTY_ENVELOPES);

    /**
     * Event time comes from the payload, not from the element's timestamp (the publish time for
     * Pub/Sub), and a tweet is older than its publication: allow moving timestamps back. Tweets
     * found behind the watermark are late data, handled by the windows' allowed lateness.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }

    @ProcessElement
    public void process(@Element RawMessage message, MultiOutputReceiver out) {
      read.inc();
      String idAttribute = message.attribute(TweetMessage.TWEET_ID);
      Envelope envelope;
      try {
        envelope = TweetJson.readEnvelope(message.payload());
      } catch (RuntimeException e) {
        String id = validIdOrNull(idAttribute);
        fail(out, DeadLetter.of(Stage.PARSE, e, message, id != null ? id : idInPayload(message)));
        return;
      }
      if (message.isPubsub() && !attributesValid(message, envelope, out)) {
        return;
      }
      if (envelope.tweets().isEmpty()) {
        emptyPages.inc(); // An empty search page: nothing to score, nothing wrong.
        return;
      }
      String query = queryOf(message, envelope);
      boolean single = envelope.tweets().size() == 1;
      for (Tweet tweet : envelope.tweets()) {
        String problem = eventTimeProblem(tweet);
        if (problem != null) {
          DeadLetter dead =
              DeadLetter.of(
                  Stage.PARSE, TweetFormatException.class.getName(), problem, message, tweet.id());
          // From a page, keep only this tweet: the others went on, and the row must replay alone.
          fail(
              out,
              single
                  ? dead
                  : dead.withPayload(TweetJson.writeEnvelope(tweet, envelope.matchingRules())));
          continue;
        }
        parsed.inc();
        out.get(TWEETS)
            .outputWithTimestamp(
                new IncomingTweet(
                    tweet,
                    query,
                    envelope.matchingRules(),
                    message.attributes(),
                    message.messageId(),
                    message.publishTime()),
                new org.joda.time.Instant(tweet.createdAt().toEpochMilli()));
      }
    }

    /** Checks the attributes every publisher must set; dead-letters the message if one is bad. */
    private boolean attributesValid(
        RawMessage message, Envelope envelope, MultiOutputReceiver out) {
      String id = message.attribute(TweetMessage.TWEET_ID);
      String problem = null;
      if (id == null || id.isBlank()) {
        problem =
            "attribute tweet_id is missing: the publisher must set it to the tweet's id"
                + " (Dataflow deduplicates on it)";
      } else if (!TweetMessage.isTweetId(id)) {
        problem = "attribute tweet_id must be a numeric tweet id, got '" + abbreviate(id) + "'";
      } else if (envelope.tweets().stream().noneMatch(t -> t.id().equals(id))) {
        problem = "attribute tweet_id " + id + " names no tweet of the payload";
      }
      if (problem == null) {
        String createdAt = message.attribute(TweetMessage.CREATED_AT);
        if (createdAt == null || createdAt.isBlank()) {
          problem =
              "attribute created_at is missing: the publisher must set it to the tweet's"
                  + " created_at (RFC 3339)";
        } else {
          try {
            TweetJson.parseTimestamp(createdAt, "attribute created_at");
          } catch (TweetFormatException e) {
            problem = e.getMessage();
          }
        }
      }
      if (problem == null) {
        return true;
      }
      fail(out, DeadLetter.of(Stage.PARSE, "bad_attribute", problem, message, validIdOrNull(id)));
      return false;
    }

    private static String eventTimeProblem(Tweet tweet) {
      if (tweet.createdAt() == null) {
        return "data.created_at is missing: the pipeline needs it as event time; request"
            + " tweet.fields=created_at";
      }
      if (tweet.createdAt().isAfter(Instant.now().plus(MAX_FUTURE))) {
        return "data.created_at " + tweet.createdAt() + " is more than a day in the future";
      }
      return null;
    }

    private static String queryOf(RawMessage message, Envelope envelope) {
      String query = message.attribute(TweetMessage.QUERY);
      if (query != null && !query.isBlank()) {
        return query;
      }
      for (MatchingRule rule : envelope.matchingRules()) {
        if (rule.tag() != null && !rule.tag().isBlank()) {
          return rule.tag();
        }
      }
      return IncomingTweet.NO_QUERY;
    }

    private void fail(MultiOutputReceiver out, DeadLetter deadLetter) {
      failures.inc();
      out.get(DEAD_LETTERS).output(deadLetter);
    }

    /** The tweet id of a payload that did not parse as a whole, when it has a readable one. */
    private static String idInPayload(RawMessage message) {
      try {
        List<ObjectNode> tweets =
            TweetJson.tweetNodes(TweetJson.mapper().readTree(message.payload()));
        JsonNode id = tweets.size() == 1 ? tweets.get(0).get("id") : null;
        return id != null && id.isTextual() ? validIdOrNull(id.asText()) : null;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    private static String validIdOrNull(String id) {
      return TweetMessage.isTweetId(id) ? id : null;
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }
}
