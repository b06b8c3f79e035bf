package io.github.tweetsentiment.ingest;

import io.github.tweetsentiment.core.Tweet;
import java.time.Instant;

/** Tweets for the function's tests, without the record's 13 positional arguments at each use. */
final class TestTweets {

  private TestTweets() {}

  /**
   * A tweet with an author, a language and a conversation (each null when not given), the rest of
   * the record's optional fields absent.
   */
  static Tweet tweet(
      String id,
      String text,
      Instant createdAt,
      String authorId,
      String lang,
      String conversationId) {
    return new Tweet(
        id,
        text,
        createdAt,
        authorId,
        null,
        null,
        lang,
        conversationId,
        null,
        null,
        null,
        null,
        null);
  }
}
