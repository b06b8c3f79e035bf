package io.github.tweetsentiment.ingest;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Pub/Sub message of a tweet, per the message contract in docs/architecture.md. */
public final class Messages {
  /** The {@code source} attribute of every message this function publishes. */
  public static final String SOURCE = "x-api-v2-recent-search";

  public static final String TWEET_ID = "tweet_id";
  public static final String CREATED_AT = "created_at";
  public static final String QUERY = "query";
  public static final String LANG = "lang";
  public static final String SOURCE_ATTRIBUTE = "source";

  private Messages() {}

  /**
   * One stream envelope holding {@code tweet}, with attributes {@code tweet_id} (the pipeline's
   * deduplication id), {@code created_at} (RFC 3339 event time), {@code query}, {@code lang} and
   * {@code source}; an attribute whose value the tweet lacks is left out.
   */
  public static OutboundMessage forTweet(Tweet tweet, String query) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(TWEET_ID, tweet.id());
    if (tweet.createdAt() != null) {
      attributes.put(CREATED_AT, TweetJson.formatTimestamp(tweet.createdAt()));
    }
    attributes.put(QUERY, query);
    if (tweet.lang() != null && !tweet.lang().isEmpty()) {
      attributes.put(LANG, tweet.lang());
    }
    attributes.put(SOURCE_ATTRIBUTE, SOURCE);
    return new OutboundMessage(TweetJson.writeEnvelope(tweet, List.of()), attributes);
  }
}
