package io.github.tweetsentiment.core;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tweet as the X API v2 returns it, with the author joined in from {@code includes.users} when
 * the request expanded it.
 *
 * <p>Only {@code id} and {@code text} are always present; every other field is null (or an empty
 * list) when the request did not ask for it. {@code createdAt} is needed for event time, so the
 * pipeline dead-letters a tweet without one, but the codec accepts it because the API's default
 * payload omits it.
 */
public record Tweet(
    String id,
    String text,
    Instant createdAt,
    String authorId,
    String authorUsername,
    String authorName,
    String lang,
    String conversationId,
    List<String> referencedTweetTypes,
    PublicMetrics publicMetrics,
    List<String> hashtags,
    List<String> mentions,
    List<String> urls)
    implements Serializable {

  public Tweet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    referencedTweetTypes = List.copyOf(nullToEmpty(referencedTweetTypes));
    hashtags = List.copyOf(nullToEmpty(hashtags));
    mentions = List.copyOf(nullToEmpty(mentions));
    urls = List.copyOf(nullToEmpty(urls));
  }

  /** A tweet with only the fields every payload carries. */
  public static Tweet of(String id, String text, Instant createdAt) {
    return new Tweet(
        id, text, createdAt, null, null, null, null, null, null, null, null, null, null);
  }

  /** True for a retweet: it references the original with type {@code retweeted}. */
  public boolean isRetweet() {
    return referencedTweetTypes.contains("retweeted");
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
