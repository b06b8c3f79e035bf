package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Contract test: every tweet in the real X API v2 pages under {@code ../shared/fixtures/twitter-v2}
 * parses, with each field the page carries. Skipped where the shared folder is absent (a user's
 * fresh clone); the path comes from the {@code shared.dir} system property.
 */
class RealPayloadContractTest {

  @TestFactory
  Stream<DynamicTest> everyTweetInTheRealSearchPagesParses() throws IOException {
    Path dir = Path.of(System.getProperty("shared.dir", "../shared"), "fixtures", "twitter-v2");
    if (!Files.isDirectory(dir)) {
      // A dynamic test that aborts shows up as skipped, with the reason, in the test report.
      return Stream.of(
          DynamicTest.dynamicTest(
              "real X API payloads",
              () ->
                  assumeTrue(
                      false,
                      "skipped: no real X API payloads at "
                          + dir.toAbsolutePath()
                          + " (set -Dshared.dir)")));
    }
    List<Path> pages;
    try (Stream<Path> files = Files.list(dir)) {
      pages = files.filter(p -> p.getFileName().toString().startsWith("search-")).sorted().toList();
    }
    assertThat(pages).as("search pages in " + dir).isNotEmpty();
    return pages.stream()
        .map(page -> DynamicTest.dynamicTest(page.getFileName().toString(), () -> check(page)));
  }

  private static void check(Path page) throws IOException {
    byte[] bytes = Files.readAllBytes(page);
    JsonNode raw = TweetJson.mapper().readTree(bytes);

    Envelope envelope = TweetJson.readEnvelope(bytes);

    JsonNode data = raw.get("data");
    assertThat(envelope.tweets()).hasSize(data.size());
    assertThat(raw.path("meta").path("result_count").asInt(data.size())).isEqualTo(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonNode expected = data.get(i);
      Tweet tweet = envelope.tweets().get(i);
      assertThat(tweet.id()).isEqualTo(expected.get("id").asText());
      assertThat(tweet.text()).isEqualTo(expected.get("text").asText());
      assertThat(tweet.createdAt())
          .isEqualTo(
              expected.has("created_at")
                  ? Instant.parse(expected.get("created_at").asText())
                  : null);
      assertThat(tweet.authorId()).isEqualTo(text(expected, "author_id"));
      assertThat(tweet.lang()).isEqualTo(text(expected, "lang"));
      assertThat(tweet.conversationId()).isEqualTo(text(expected, "conversation_id"));
      assertThat(tweet.referencedTweetTypes())
          .containsExactlyElementsOf(values(expected.path("referenced_tweets"), "type"));
      assertThat(tweet.hashtags())
          .containsExactlyElementsOf(values(expected.path("entities").path("hashtags"), "tag"));
      assertThat(tweet.mentions())
          .containsExactlyElementsOf(
              values(expected.path("entities").path("mentions"), "username"));
      assertThat(tweet.urls()).hasSize(expected.path("entities").path("urls").size());
      assertThat(tweet.authorUsername()).isEqualTo(username(raw, tweet.authorId()));
    }
  }

  private static String username(JsonNode page, String authorId) {
    for (JsonNode user : page.path("includes").path("users")) {
      if (user.path("id").asText().equals(authorId)) {
        return user.path("username").asText();
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asText() : null;
  }

  private static List<String> values(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.path(field).asText()));
    return values;
  }
}
