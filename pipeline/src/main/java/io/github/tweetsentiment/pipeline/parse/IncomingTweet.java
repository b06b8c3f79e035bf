package io.github.tweetsentiment.pipeline.parse;

import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.coders.FieldInput;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import io.github.tweetsentiment.pipeline.coders.TweetCoder;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A parsed tweet with where it came from: the query that found it and the message that carried it.
 * Its element timestamp in the pipeline is {@code tweet.createdAt()}.
 *
 * @param tweet the tweet, with a non-null {@code createdAt}
 * @param query the search query (the {@code query} attribute or the first matching rule's tag), or
 *     {@value #NO_QUERY}
 * @param matchingRules the rules that matched, as the envelope listed them
 * @param attributes the carrying message's attributes
 * @param messageId the Pub/Sub message id, or null for a recorded line
 * @param publishTime the Pub/Sub publish time, or null for a recorded line
 */
@DefaultCoder(IncomingTweet.IncomingTweetCoder.class)
public record IncomingTweet(
    Tweet tweet,
    String query,
    List<MatchingRule> matchingRules,
    Map<String, String> attributes,
    String messageId,
    Instant publishTime) {

  /** The query of a tweet that carried none. */
  public static final String NO_QUERY = "(none)";

  public IncomingTweet {
    Objects.requireNonNull(tweet, "tweet");
    Objects.requireNonNull(tweet.createdAt(), "tweet.createdAt");
    query = query == null || query.isBlank() ? NO_QUERY : query;
    matchingRules = matchingRules == null ? List.of() : List.copyOf(matchingRules);
    attributes = RawMessage.sortedCopy(attributes);
  }

  /** The tweet's id, the deduplication key. */
  public String id() {
    return tweet.id();
  }

  /**
   * Which of {@code shards} keys this tweet belongs to: a hash of its id, stable across JVMs and
   * Beam versions (String.hashCode is specified by the JLS), spread by MurmurHash3's finalizer so
   * that the close, sequential ids of one burst land on every shard.
   */
  public int shard(int shards) {
    int h = tweet.id().hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, shards);
  }

  /**
   * The tweet as a one-line stream envelope: what a dead letter of a later stage keeps as its
   * payload, ready to be republished.
   */
  public RawMessage toRawMessage() {
    return new RawMessage(
        TweetJson.writeEnvelope(tweet, matchingRules).getBytes(StandardCharsets.UTF_8),
        attributes,
        messageId,
        publishTime);
  }

  /** The tweet, query, matching rules (id and tag), attributes, message id and publish time. */
  public static final class IncomingTweetCoder extends VersionedCoder<IncomingTweet> {
    private static final IncomingTweetCoder INSTANCE = new IncomingTweetCoder();

    private IncomingTweetCoder() {
      super(
          1,
          (out, t) ->
              out.value(TweetCoder.of(), t.tweet)
                  .string(t.query)
                  .list(
                      (o, rule) ->
                          o.optional(FieldOutput::string, rule.id())
                              .optional(FieldOutput::string, rule.tag()),
                      t.matchingRules)
                  .stringMap(t.attributes)
                  .optional(FieldOutput::string, t.messageId)
                  .optional(FieldOutput::instant, t.publishTime),
          in ->
              new IncomingTweet(
                  in.value(TweetCoder.of()),
                  in.string(),
                  in.list(
                      i ->
                          new MatchingRule(
                              i.optional(FieldInput::string), i.optional(FieldInput::string))),
                  in.stringMap(),
                  in.optional(FieldInput::string),
                  in.optional(FieldInput::instant)));
    }

    public static IncomingTweetCoder of() {
      return INSTANCE;
    }
  }
}
