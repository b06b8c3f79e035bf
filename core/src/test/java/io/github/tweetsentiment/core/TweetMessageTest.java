package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The message contract's wire names, pinned: a change here breaks the deployed pipeline. */
class TweetMessageTest {

  @Test
  void attributes_areTheContractsNames_inItsOrder_andLeaveOutWhatTheTweetLacks() {
    Tweet full = TestTweets.inLanguage("1861", "hi", Instant.parse("2026-11-24T18:03:12Z"), "en");

    assertThat(TweetMessage.attributes(full, "cats lang:en", TweetMessage.SOURCE_RECENT_SEARCH))
        .containsExactly(
            Map.entry("tweet_id", "1861"),
            Map.entry("created_at", "2026-11-24T18:03:12Z"),
            Map.entry("query", "cats lang:en"),
            Map.entry("lang", "en"),
            Map.entry("source", "x-api-v2-recent-search"));
    assertThat(TweetMessage.attributes(Tweet.of("7", "x", null), "q", "s"))
        .containsOnlyKeys("tweet_id", "query", "source");
  }

  @Test
  void payload_isAOneLineStreamEnvelope_thatReadsBack() {
    Tweet t = Tweet.of("7", "line one\nline two", Instant.parse("2026-11-24T18:00:00Z"));

    String payload = TweetMessage.payload(t);

    assertThat(payload).doesNotContain("\n");
    assertThat(TweetJson.readEnvelope(payload).tweets()).containsExactly(t);
    assertThat(TweetJson.readEnvelope(payload).matchingRules()).isEqualTo(List.of());
  }

  @Test
  void recordingLine_carriesTheQueryAsATaggedRule_andKeepsRulesAndNonJsonAsTheyAre() {
    Tweet t = Tweet.of("7", "hi", Instant.parse("2026-11-24T18:00:00Z"));
    String payload = TweetMessage.payload(t);

    String line = TweetMessage.recordingLine(payload, TweetMessage.attributes(t, "cats", "s"));

    assertThat(line).doesNotContain("\n");
    Envelope envelope = TweetJson.readEnvelope(line);
    assertThat(envelope.tweets()).containsExactly(t);
    assertThat(envelope.matchingRules()).containsExactly(new MatchingRule(null, "cats"));
    String tagged = TweetJson.writeEnvelope(t, List.of(new MatchingRule("1", "dogs")));
    assertThat(TweetMessage.recordingLine(tagged, Map.of("query", "cats"))).isEqualTo(tagged);
    assertThat(TweetMessage.recordingLine("not json", Map.of("query", "cats")))
        .isEqualTo("not json");
    assertThat(TweetMessage.recordingLine(payload, Map.of())).isEqualTo(payload);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1861234567890123456", "9223372036854775807"})
  void tweetIds_areNumericStringsOfUpTo19Digits(String id) {
    assertThat(TweetMessage.isTweetId(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 1", "12a", "-1", "18612345678901234567", "１２"})
  void otherStrings_areNotTweetIds(String id) {
    assertThat(TweetMessage.isTweetId(id)).isFalse();
    assertThat(TweetMessage.isTweetId(null)).isFalse();
  }
}
