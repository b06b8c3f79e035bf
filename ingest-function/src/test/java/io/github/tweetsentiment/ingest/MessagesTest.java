package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void forTweet_envelopeAndAllAttributes() {
    Tweet tweet =
        TestTweets.tweet(
            "1800000000000000001",
            "I love this",
            Instant.parse("2026-11-25T09:30:15.123Z"),
            "42",
            "en",
            "1800000000000000001");

    OutboundMessage m = Messages.forTweet(tweet, "love lang:en");

    assertThat(TweetJson.readEnvelope(m.data()).tweets()).containsExactly(tweet);
    assertThat(m.attributes())
        .containsOnly(
            java.util.Map.entry("tweet_id", "1800000000000000001"),
            java.util.Map.entry("created_at", "2026-11-25T09:30:15.123Z"),
            java.util.Map.entry("query", "love lang:en"),
            java.util.Map.entry("lang", "en"),
            java.util.Map.entry("source", "x-api-v2-recent-search"));
  }

  @Test
  void forTweet_leavesOutAttributesTheTweetLacks() {
    OutboundMessage m = Messages.forTweet(Tweet.of("7", "hi", null), "q");

    assertThat(m.attributes()).containsOnlyKeys("tweet_id", "query", "source");
  }
}
