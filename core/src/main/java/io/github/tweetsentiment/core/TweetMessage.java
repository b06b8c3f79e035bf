package io.github.tweetsentiment.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Pub/Sub message of one tweet, written once for the function that publishes it and the
 * pipeline that reads it (docs/architecture.md, "Pub/Sub message attributes"): a one-line stream
 * envelope as data, and these attributes.
 */
public final class TweetMessage {

  /** The tweet's id: the pipeline's Pub/Sub id attribute, on which Dataflow drops redeliveries. */
  public static final String TWEET_ID = "tweet_id";

  /** The tweet's {@code created_at}, RFC 3339: its event time. */
  public static final String CREATED_AT = "created_at";

  /** The search query that found the tweet: the aggregates' key. */
  public static final String QUERY = "query";

  /** The tweet's language as the X API reports it, when it does. */
  public static final String LANG = "lang";

  /** Where the message comes from. */
  public static final String SOURCE = "source";

  /** The {@link #SOURCE} of a tweet found by the X API's recent search. */
  public static final String SOURCE_RECENT_SEARCH = "x-api-v2-recent-search";

  private static final Pattern TWEET_ID_PATTERN = Pattern.compile("[0-9]{1,19}");

  private TweetMessage() {}

  /** True for a tweet id as the X API writes one: a numeric string of at most 19 digits. */
  public static boolean isTweetId(String value) {
    return value != null && TWEET_ID_PATTERN.matcher(value).matches();
  }

  /** The message data: the tweet as a one-line stream envelope. */
  public static String payload(Tweet tweet) {
    return TweetJson.writeEnvelope(tweet, List.of());
  }

  /**
   * A message as one line of a recording. A line has no attributes, so the query rides in the
   * envelope as a tagged matching rule, as in a filtered-stream capture; a reader takes the {@link
   * #QUERY} attribute, else the first rule's tag. A payload that already has rules is kept as is.
   */
  public static String recordingLine(String payload, Map<String, String> attributes) {
    String query = attributes.get(QUERY);
    if (query == null || query.isBlank()) {
      return payload;
    }
    try {
      JsonNode root = TweetJson.mapper().readTree(payload);
      if (!(root instanceof ObjectNode envelope) || envelope.has("matching_rules")) {
        return payload;
      }
      envelope.putArray("matching_rules").addObject().put("tag", query);
      return TweetJson.toJson(envelope);
    } catch (IOException e) {
      return payload; // Not JSON: written as is, and dead-lettered with its reason on replay.
    }
  }

  /**
   * The attributes of {@code tweet}'s message, in the contract's order; an attribute whose value
   * the tweet lacks is left out.
   */
  public static Map<String, String> attributes(Tweet tweet, String query, String source) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(TWEET_ID, tweet.id());
    if (tweet.createdAt() != null) {
      attributes.put(CREATED_AT, TweetJson.formatTimestamp(tweet.createdAt()));
    }
    attributes.put(QUERY, query);
    if (tweet.lang() != null && !tweet.lang().isEmpty()) {
      attributes.put(LANG, tweet.lang());
    }
    attributes.put(SOURCE, source);
    return Collections.unmodifiableMap(attributes);
  }
}
