package io.github.tweetsentiment.pipeline.sink;

import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.PublicMetrics;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.aggregate.SentimentStats;
import io.github.tweetsentiment.pipeline.aggregate.WindowRow;
import io.github.tweetsentiment.pipeline.aggregate.WindowSentiment;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetRow;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every row formatter writes exactly what its table's schema in infra/bigquery/ declares: no
 * unknown field, every REQUIRED field, values of the declared types. The local NDJSON files are
 * these rows, so this also holds their field names to the schemas.
 */
class RowsMatchSchemasTest {

  private static final Instant NOW = Instant.parse("2026-11-24T18:05:00Z");

  @Test
  void scoredTweetRow_withEveryFieldSet_matchesScoredTweetsSchema() {
    // 2026-11-24T18:00:05Z, by user42 in English; every optional field set.
    Tweet t =
        Fixtures.copy(Fixtures.tweet("123", "RT @a: good #phone", Duration.standardSeconds(5)))
            .conversationId("120")
            .referencedTweetTypes(List.of("retweeted"))
            .publicMetrics(new PublicMetrics(1L, 2L, 3L, 4L, 5L, 6L))
            .hashtags(List.of("phone"))
            .mentions(List.of("a"))
            .urls(List.of("https://x.example"))
            .build();
    IncomingTweet in =
        new IncomingTweet(
            t, "nimbus", List.of(new MatchingRule("1", "nimbus")), Map.of("k", "v"), "m1", NOW);
    ScoredTweetEvent scored =
        new ScoredTweetEvent(
            in, Prediction.fromProbabilities(new double[] {0.1, 0.2, 0.7}, "fast", "v1"), NOW);

    TableRow row = new ScoredTweetRow().apply(scored);

    assertMatches("scored_tweets", row);
    assertThat(row.get("is_retweet")).isEqualTo(true);
    assertThat(row.get("prob_positive")).isEqualTo(0.7);
  }

  @Test
  void scoredTweetRow_withOnlyTheRequiredFields_matchesScoredTweetsSchema() {
    IncomingTweet in = incoming("1", "hi", Duration.ZERO, "q");
    Tweet bare = Tweet.of("1", "hi", in.tweet().createdAt());
    ScoredTweetEvent scored =
        new ScoredTweetEvent(
            new IncomingTweet(bare, null, null, null, null, null),
            new Prediction(SentimentLabel.NEUTRAL, 0.5, Map.of(), null, null),
            NOW);

    TableRow row = new ScoredTweetRow().apply(scored);

    assertMatches("scored_tweets", row);
    assertThat(row.get("query")).isEqualTo(IncomingTweet.NO_QUERY);
  }

  @Test
  void windowRow_matchesSentimentWindowsSchema() {
    WindowSentiment w =
        new WindowSentiment(
            Instant.parse("2026-11-24T18:00:00Z"),
            Instant.parse("2026-11-24T18:01:00Z"),
            "nimbus",
            new SentimentStats(1, 2, 3, 4.2, 0.5),
            "EARLY",
            0,
            false,
            NOW);

    TableRow row = new WindowRow().apply(w);

    assertMatches("sentiment_windows", row);
    assertThat(row.get("tweet_count")).isEqualTo(6L);
    assertThat((double) row.get("mean_score"))
        .isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void deadLetterRow_matchesDeadLetterSchema_andKeepsThePayloadByteForByte() {
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '{'};
    RawMessage raw = RawMessage.fromPubsub(notUtf8, Map.of("tweet_id", "7"), "m7", NOW);
    DeadLetter d = DeadLetter.of(DeadLetter.Stage.PARSE, new IllegalStateException("x"), raw, "7");

    TableRow row = new DeadLetterRow().apply(d);

    assertMatches("dead_letter", row);
    assertThat(Base64.getDecoder().decode((String) row.get("payload_bytes"))).isEqualTo(notUtf8);
    assertThat(row.get("publish_time")).isEqualTo("2026-11-24T18:05:00Z");
  }

  /** Checks {@code row} against the fields of {@code table}'s schema file. */
  static void assertMatches(String table, Map<String, Object> row) {
    assertFields(table, TableSchemas.load(table).getFields(), row);
  }

  @SuppressWarnings("unchecked")
  private static void assertFields(
      String where, List<TableFieldSchema> fields, Map<String, Object> row) {
    List<String> names = fields.stream().map(TableFieldSchema::getName).toList();
    assertThat(names).as("fields of %s", where).containsAll(row.keySet());
    for (TableFieldSchema f : fields) {
      Object value = row.get(f.getName());
      String path = where + "." + f.getName();
      if (value == null) {
        assertThat(f.getMode()).as("%s is REQUIRED", path).isNotEqualTo("REQUIRED");
        continue;
      }
      if ("REPEATED".equals(f.getMode())) {
        assertThat(value).as(path).isInstanceOf(List.class);
        for (Object item : (List<Object>) value) {
          assertType(path, f, item);
        }
      } else {
        assertType(path, f, value);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void assertType(String path, TableFieldSchema f, Object value) {
    switch (f.getType()) {
      case "STRING" -> assertThat(value).as(path).isInstanceOf(String.class);
      case "INTEGER" -> assertThat(value).as(path).isInstanceOfAny(Long.class, Integer.class);
      case "FLOAT" -> assertThat(value).as(path).isInstanceOf(Double.class);
      case "BOOLEAN" -> assertThat(value).as(path).isInstanceOf(Boolean.class);
      case "TIMESTAMP" -> TweetJson.parseTimestamp((String) value, path);
      case "BYTES" -> Base64.getDecoder().decode((String) value);
      case "RECORD" -> assertFields(path, f.getFields(), (Map<String, Object>) value);
      default -> throw new AssertionError(path + ": unexpected type " + f.getType());
    }
  }
}
