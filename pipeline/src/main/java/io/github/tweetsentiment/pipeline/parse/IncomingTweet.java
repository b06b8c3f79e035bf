package io.github.tweetsentiment.pipeline.parse;

import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

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
@DefaultCoder(SerializableCoder.class)
public record IncomingTweet(
    Tweet tweet,
    String query,
    List<MatchingRule> matchingRules,
    Map<String, String> attributes,
    String messageId,
    Instant publishTime)
    implements Serializable {

  /** The query of a tweet that carried none. */
  public static final String NO_QUERY = "(none)";

  public IncomingTweet {
    Objects.requireNonNull(tweet, "tweet");
    Objects.requireNonNull(tweet.createdAt(), "tweet.createdAt");
    query = query == null || query.isBlank() ? NO_QUERY : query;
    matchingRules = matchingRules == null ? List.of() : List.copyOf(matchingRules);
    attributes = attributes == null ? Map.of() : Map.copyOf(new TreeMap<>(attributes));
  }

  /** The tweet's id, the deduplication key. */
  public String id() {
    return tweet.id();
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
}
