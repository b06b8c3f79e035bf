package io.github.tweetsentiment.ingest;

import java.time.Instant;

/** Tweet ids are Snowflake ids: numeric strings that order by creation time. */
final class TweetIds {
  /** Milliseconds since this epoch, shifted left by 22 bits, make the id. */
  private static final long TWITTER_EPOCH_MILLIS = 1288834974657L;

  private TweetIds() {}

  /** True if id {@code a} is newer than {@code b} (null: older than every id). */
  static boolean isNewer(String a, String b) {
    if (b == null) {
      return true;
    }
    return a.length() != b.length() ? a.length() > b.length() : a.compareTo(b) > 0;
  }

  /** The creation time encoded in a tweet id; null if the id is not a Snowflake id. */
  static Instant createdAt(String tweetId) {
    if (tweetId == null) {
      return null;
    }
    try {
      long id = Long.parseLong(tweetId);
      return id <= 0 ? null : Instant.ofEpochMilli((id >> 22) + TWITTER_EPOCH_MILLIS);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
