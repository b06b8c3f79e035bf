package io.github.tweetsentiment.core;

import java.time.Instant;

/** Tweets for core's tests, without the record's 13 positional arguments at each use. */
final class TestTweets {

  private TestTweets() {}

  /** {@link Tweet#of} with a language, the one optional field the message attributes carry. */
  static Tweet inLanguage(String id, String text, Instant createdAt, String lang) {
    return new Tweet(
        id, text, createdAt, null, null, null, lang, null, null, null, null, null, null);
  }
}
