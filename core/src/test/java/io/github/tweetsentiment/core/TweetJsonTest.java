package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TweetJsonTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"data\":{\"id\":\"1\"}}|1",
        "{\"data\":[{\"id\":\"1\"},{\"id\":\"2\"},7],\"meta\":{}}|1,2",
        "{\"id\":\"3\",\"text\":\"bare\"}|3",
        "{\"meta\":{\"result_count\":0}}|''",
        "{\"data\":\"nonsense\"}|''",
        "[1,2]|''"
      })
  void tweetNodes_findsTheTweetsOfEachShape_withoutValidatingThem(String json, String ids)
      throws IOException {
    List<String> found =
        TweetJson.tweetNodes(TweetJson.mapper().readTree(json)).stream()
            .map(t -> t.path("id").asText())
            .toList();

    assertThat(String.join(",", found)).isEqualTo(ids);
  }

  @Test
  void aLongPost_isReadWithItsWholeText_andWrittenBackWhole() throws IOException {
    String whole = "The whole review, well past 280 characters. ".repeat(12) + "#phones #battery";
    String page =
        "{\"data\":[{\"id\":\"1861234567890123456\",\"text\":\""
            + whole.substring(0, 270)
            + "\u2026\",\"entities\":{\"hashtags\":[]},\"note_tweet\":{\"text\":\""
            + whole
            + "\",\"entities\":{\"hashtags\":[{\"start\":540,\"end\":547,\"tag\":\"phones\"},"
            + "{\"start\":548,\"end\":556,\"tag\":\"battery\"}]}}}],"
            + "\"meta\":{\"result_count\":1}}";

    Tweet tweet = TweetJson.readEnvelope(page).tweets().get(0);

    assertThat(tweet.text()).isEqualTo(whole).hasSizeGreaterThan(500);
    assertThat(tweet.hashtags()).containsExactly("phones", "battery");
    Tweet again = TweetJson.readEnvelope(TweetJson.writeEnvelope(tweet, List.of())).tweets().get(0);
    assertThat(again.text()).isEqualTo(whole);
  }

  @Test
  void aShortPost_orAnEmptyNote_keepsItsText() throws IOException {
    String json = "{\"id\":\"1\",\"text\":\"short\",\"note_tweet\":{\"text\":\"\"}}";

    assertThat(TweetJson.readEnvelope(json).tweets().get(0).text()).isEqualTo("short");
  }

  @Test
  void readEnvelope_streamEnvelope_readsEveryFieldAndJoinsTheAuthor() throws IOException {
    Envelope envelope = TweetJson.readEnvelope(fixture("stream-envelope.json"));

    assertThat(envelope.tweets()).hasSize(1);
    Tweet tweet = envelope.tweets().get(0);
    assertThat(tweet.id()).isEqualTo("1861234567890123456");
    assertThat(tweet.text()).startsWith("Battery life").contains("🔋");
    assertThat(tweet.createdAt()).isEqualTo(Instant.parse("2026-11-24T18:03:12Z"));
    assertThat(tweet.authorId()).isEqualTo("4412");
    assertThat(tweet.authorUsername()).isEqualTo("danak");
    assertThat(tweet.authorName()).isEqualTo("Dana K");
    assertThat(tweet.lang()).isEqualTo("en");
    assertThat(tweet.conversationId()).isEqualTo("1861234567890123456");
    assertThat(tweet.referencedTweetTypes()).containsExactly("quoted");
    assertThat(tweet.isRetweet()).isFalse();
    assertThat(tweet.publicMetrics()).isEqualTo(new PublicMetrics(3L, 1L, 17L, 0L, 2L, 950L));
    assertThat(tweet.hashtags()).containsExactly("phones");
    assertThat(tweet.mentions()).containsExactly("shopbot");
    assertThat(tweet.urls()).containsExactly("https://example.com/review");
    assertThat(envelope.matchingRules())
        .containsExactly(new MatchingRule("1500000000000000001", "nimbus phone"));
  }

  @Test
  void readEnvelope_searchPage_readsEveryTweetWithOffsetsNormalisedToUtc() throws IOException {
    Envelope envelope = TweetJson.readEnvelope(fixture("search-page.json"));

    assertThat(envelope.tweets())
        .extracting(Tweet::id)
        .containsExactly("1861234567890123457", "1861234567890123458");
    Tweet retweet = envelope.tweets().get(0);
    assertThat(retweet.isRetweet()).isTrue();
    assertThat(retweet.createdAt()).isEqualTo(Instant.parse("2026-11-24T17:04:00Z"));
    assertThat(retweet.authorUsername()).as("user 99 is not in includes").isNull();
    Tweet spanish = envelope.tweets().get(1);
    assertThat(spanish.lang()).isEqualTo("es");
    assertThat(spanish.authorUsername()).isEqualTo("danak");
    assertThat(spanish.createdAt()).isEqualTo(Instant.parse("2026-11-24T17:05:30.250Z"));
  }

  @Test
  void readEnvelope_bareTweet_isOneTweetWithoutRules() {
    Envelope envelope = TweetJson.readEnvelope("{\"id\":\"42\",\"text\":\"hello\"}");

    assertThat(envelope.tweets()).containsExactly(Tweet.of("42", "hello", null));
    assertThat(envelope.matchingRules()).isEmpty();
  }

  @Test
  void readEnvelope_emptySearchPage_hasNoTweets() {
    assertThat(TweetJson.readEnvelope("{\"meta\":{\"result_count\":0}}").tweets()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing id           | {\"data\":{\"text\":\"hi\"}}                              | data.id",
        "numeric id           | {\"data\":{\"id\":42,\"text\":\"hi\"}}                    | data.id",
        "non-digit id         | {\"data\":{\"id\":\"12a\",\"text\":\"hi\"}}               | data.id",
        "missing text         | {\"data\":{\"id\":\"1\"}}                                 | data.text",
        "text not a string    | {\"data\":{\"id\":\"1\",\"text\":[\"a\"]}}                | data.text",
        "bad created_at       | {\"data\":{\"id\":\"1\",\"text\":\"a\",\"created_at\":\"yesterday\"}} "
            + "| data.created_at",
        "created_at no offset | {\"data\":{\"id\":\"1\",\"text\":\"a\",\"created_at\":\"2026-11-24T18:03:12\"}} "
            + "| data.created_at",
        "numeric created_at   | {\"data\":{\"id\":\"1\",\"text\":\"a\",\"created_at\":1732000000}} "
            + "| data.created_at",
        "bad tweet in page    | {\"data\":[{\"id\":\"1\",\"text\":\"a\"},{\"id\":\"2\"}]}  | data[1].text",
        "data is a string     | {\"data\":\"x\"}                                          | data",
        "no data at all       | {\"errors\":[{\"title\":\"x\"}]}                          | data",
      })
  void readEnvelope_invalidTweet_failsNamingTheField(String name, String json, String field) {
    assertThatThrownBy(() -> TweetJson.readEnvelope(json))
        .isInstanceOf(TweetFormatException.class)
        .satisfies(e -> assertThat(((TweetFormatException) e).field()).isEqualTo(field))
        .hasMessageStartingWith(field + ": ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "truncated     | {\"data\":{\"id\":\"1\",\"text\":\"a",
        "not JSON      | this is not json",
        "array         | [1,2]",
        "trailing junk | {\"id\":\"1\",\"text\":\"a\"} {}",
      })
  void readEnvelope_malformedPayload_isAFormatError(String name, String payload) {
    assertThatThrownBy(() -> TweetJson.readEnvelope(payload))
        .isInstanceOf(TweetFormatException.class)
        .hasMessageNotContaining("null: ");
  }

  @Test
  void readEnvelope_emptyPayload_isAFormatError() {
    assertThatThrownBy(() -> TweetJson.readEnvelope(new byte[0]))
        .isInstanceOf(TweetFormatException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void writeEnvelope_thenRead_roundTripsEveryField() throws IOException {
    Tweet original = TweetJson.readEnvelope(fixture("stream-envelope.json")).tweets().get(0);
    List<MatchingRule> rules = List.of(new MatchingRule("7", "nimbus phone"));

    String line = TweetJson.writeEnvelope(original, rules);
    Envelope back = TweetJson.readEnvelope(line);

    assertThat(line).doesNotContain("\n");
    assertThat(back.tweets()).containsExactly(original);
    assertThat(back.matchingRules()).isEqualTo(rules);
  }

  @Test
  void formatTimestamp_writesRfc3339UtcWithMillis() {
    assertThat(TweetJson.formatTimestamp(Instant.parse("2026-11-24T18:03:12.123456Z")))
        .isEqualTo("2026-11-24T18:03:12.123Z");
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = TweetJsonTest.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IOException("missing test fixture " + name);
      }
      return in.readAllBytes();
    }
  }
}
