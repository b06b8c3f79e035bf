package io.github.tweetsentiment.ingest;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetMessage;

/** Builds the Pub/Sub message of a tweet, per the contract in core's {@link TweetMessage}. */
public final class Messages {

  private Messages() {}

  /**
   * One stream envelope holding {@code tweet}, with attributes {@code tweet_id} (the pipeline's
   * deduplication id), {@code created_at} (RFC 3339 event time), {@code query}, {@code lang} and
   * {@code source}; an attribute whose value the tweet lacks is left out.
   */
  public static OutboundMessage forTweet(Tweet tweet, String query) {
    return new OutboundMessage(
        TweetMessage.payload(tweet),
        TweetMessage.attributes(tweet, query, TweetMessage.SOURCE_RECENT_SEARCH));
  }
}
