package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlEnvelopeWriterTest {
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path dir;

  static OutboundMessage message(String id, Instant createdAt) {
    return Messages.forTweet(Tweet.of(id, "tweet " + id, createdAt), "q");
  }

  static List<String> ids(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .map(l -> TweetJson.readEnvelope(l).tweets().get(0).id())
        .toList();
  }

  @Test
  void flush_writesWhatWasQueuedOldestFirstAndAppendsTheNextFlushAfterIt() throws Exception {
    Path file = dir.resolve("out/t.jsonl");
    try (JsonlEnvelopeWriter writer = new JsonlEnvelopeWriter(file)) {
      // As recent search pages: newest first.
      CompletableFuture<String> newest = writer.publish(message("30", T.plusSeconds(30)));
      writer.publish(message("20", T.plusSeconds(20)));
      writer.publish(message("10", T.plusSeconds(10)));
      assertThat(newest).isNotDone();
      writer.flush();
      assertThat(newest).isCompletedWithValue("t.jsonl:3");

      writer.publish(message("50", T.plusSeconds(50)));
      writer.publish(message("40", T.plusSeconds(40)));
      writer.flush();
    }

    assertThat(ids(file)).containsExactly("10", "20", "30", "40", "50");
    // A line has no attributes: the query travels as the envelope's tagged rule.
    assertThat(Files.readAllLines(file))
        .allSatisfy(
            l ->
                assertThat(TweetJson.readEnvelope(l).matchingRules())
                    .containsExactly(new MatchingRule(null, "q")));
  }

  @Test
  void flush_breaksTiesOnCreatedAtByIdAndPlacesATweetWithoutCreatedAtByItsId() throws Exception {
    Path file = dir.resolve("t.jsonl");
    // Snowflake ids of tweets created at T + 5 s and T + 15 s.
    String at5 = Long.toString((T.plusSeconds(5).toEpochMilli() - 1288834974657L) << 22);
    String at15 = Long.toString((T.plusSeconds(15).toEpochMilli() - 1288834974657L) << 22);
    try (JsonlEnvelopeWriter writer = new JsonlEnvelopeWriter(file)) {
      writer.publish(message(at15, T.plusSeconds(15)));
      writer.publish(message("1000", T));
      writer.publish(message(at5, null));
      writer.publish(message("999", T));
    }

    assertThat(ids(file)).containsExactly("999", "1000", at5, at15);
  }
}
