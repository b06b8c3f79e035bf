package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetMessage;
import io.github.tweetsentiment.pipeline.PipelineConfig;
import io.github.tweetsentiment.pipeline.SentimentOptions;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.service.EmbeddedSentimentService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison messages on the Pub/Sub emulator, scored by the real service: each becomes one dead letter
 * that keeps what it can of its payload, and the good messages around them are scored.
 */
class PoisonMessagesIT {
  /** Pub/Sub's largest message is 10 MB, attributes included. */
  private static final int MAX_MESSAGE_BYTES = 10 * 1000 * 1000;

  @TempDir Path output;

  @Test
  void eachPoisonMessage_isOneDeadLetter_andTheGoodOnesAroundThemAreScored() throws Exception {
    PubsubEmulator pubsub = PubsubEmulator.topicAndSubscription("poison");
    Instant created = Instant.now().minusSeconds(60);
    List<String> good = new ArrayList<>();
    Map<String, String> expectedStage = new LinkedHashMap<>();
    publishGood(pubsub, "4001", created, good);

    byte[] huge = new byte[MAX_MESSAGE_BYTES - 1000];
    java.util.Arrays.fill(huge, (byte) '[');
    pubsub.publish(huge, Map.of("case", "max-size"));
    expectedStage.put("max-size", "parse");

    pubsub.publish(
        new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xFF}, Map.of("case", "utf8"));
    expectedStage.put("utf8", "parse");

    pubsub.publish(gzip(envelope("4090", "zipped", created)), Map.of("case", "gzip"));
    expectedStage.put("gzip", "parse");

    publishGood(pubsub, "4002", created.plusSeconds(1), good);

    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    pubsub.publish(deep.getBytes(StandardCharsets.UTF_8), Map.of("case", "deep"));
    expectedStage.put("deep", "parse");

    Tweet megabyte = Tweet.of("4091", "a".repeat(1 << 20), created);
    Map<String, String> megabyteAttributes =
        new LinkedHashMap<>(
            TweetMessage.attributes(megabyte, "q", TweetMessage.SOURCE_RECENT_SEARCH));
    megabyteAttributes.put("case", "megabyte-text");
    pubsub.publish(
        TweetMessage.payload(megabyte).getBytes(StandardCharsets.UTF_8), megabyteAttributes);
    expectedStage.put("megabyte-text", "score");

    Map<String, String> odd = new LinkedHashMap<>();
    odd.put("case", "odd-attributes");
    odd.put("tweet_id", "12 34");
    odd.put("créé_à ✨", "\u0000\u202e\"'<script>");
    odd.put("long", "v".repeat(1024));
    pubsub.publish(envelope("4092", "odd", created), odd);
    expectedStage.put("odd-attributes", "parse");

    pubsub.publish(new byte[0], Map.of("case", "empty"));
    expectedStage.put("empty", "parse");

    publishGood(pubsub, "4003", created.plusSeconds(2), good);

    try (EmbeddedSentimentService service = EmbeddedSentimentService.start("fast")) {
      List<String> args = new ArrayList<>(List.of(pubsub.pipelineArgs()));
      args.addAll(
          List.of(
              "--sentimentEndpoint=" + service.baseUrl(),
              "--model=fast",
              "--outputDir=" + output,
              "--maxBufferingMillis=200"));
      PipelineOptionsFactory.register(SentimentOptions.class);
      SentimentOptions options =
          PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
              .withValidation()
              .as(SentimentOptions.class);
      options.as(DirectOptions.class).setBlockOnRun(false);
      PipelineResult result = SentimentPipeline.run(options, PipelineConfig.from(options));
      try {
        Instant giveUp = Instant.now().plusSeconds(180);
        while ((rows("scored_tweets").size() < good.size()
                || rows("dead_letter").size() < expectedStage.size())
            && Instant.now().isBefore(giveUp)) {
          Thread.sleep(1000);
        }
        Thread.sleep(3000); // Anything that would come twice.
      } finally {
        result.cancel();
      }
    }

    assertThat(rows("scored_tweets"))
        .extracting(r -> r.get("tweet_id").asText())
        .containsExactlyInAnyOrderElementsOf(good);
    Map<String, JsonNode> deadByCase = new LinkedHashMap<>();
    for (JsonNode row : rows("dead_letter")) {
      String c = attribute(row, "case");
      assertThat(deadByCase.put(c, row)).as("one dead letter for %s", c).isNull();
    }
    assertThat(deadByCase.keySet()).containsExactlyInAnyOrderElementsOf(expectedStage.keySet());
    expectedStage.forEach(
        (c, stage) -> {
          JsonNode row = deadByCase.get(c);
          assertThat(row.get("stage").asText()).as(c).isEqualTo(stage);
          assertThat(row.get("error_message").asText()).as(c).isNotBlank();
          assertThat(row.get("message_id").asText()).as(c).isNotBlank();
        });
    JsonNode max = deadByCase.get("max-size");
    assertThat(max.get("payload_truncated").asBoolean()).isTrue();
    assertThat(max.get("payload_size").asInt()).isEqualTo(MAX_MESSAGE_BYTES - 1000);
    assertThat(max.get("payload_string").asText()).endsWith("bytes kept]");
    JsonNode utf8 = deadByCase.get("utf8");
    assertThat(java.util.Base64.getDecoder().decode(utf8.get("payload_bytes").asText()))
        .containsExactly((byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xFF);
    assertThat(deadByCase.get("megabyte-text").get("payload_size").asInt()).isGreaterThan(1 << 20);
    assertThat(deadByCase.get("megabyte-text").get("payload_truncated").asBoolean()).isTrue();
    assertThat(attribute(deadByCase.get("odd-attributes"), "créé_à ✨"))
        .isEqualTo("\u0000\u202e\"'<script>");
    assertThat(deadByCase.get("empty").get("payload_size").asInt()).isZero();
  }

  private static void publishGood(PubsubEmulator pubsub, String id, Instant at, List<String> good)
      throws Exception {
    Tweet tweet = Tweet.of(id, "great phone " + id, at);
    pubsub.publish(
        TweetMessage.payload(tweet).getBytes(StandardCharsets.UTF_8),
        TweetMessage.attributes(tweet, "phones", TweetMessage.SOURCE_RECENT_SEARCH));
    good.add(id);
  }

  private static byte[] envelope(String id, String text, Instant at) {
    return TweetMessage.payload(Tweet.of(id, text, at)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private static String attribute(JsonNode row, String key) {
    for (JsonNode a : row.path("attributes")) {
      if (a.path("key").asText().equals(key)) {
        return a.path("value").asText();
      }
    }
    return null;
  }

  private List<JsonNode> rows(String table) throws IOException {
    return OutputRows.of(output, table);
  }
}
