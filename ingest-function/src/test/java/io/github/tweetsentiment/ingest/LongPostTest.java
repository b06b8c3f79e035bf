package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A post longer than 280 characters is read and published with its whole text. */
class LongPostTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aLongPost_isPublishedWithItsWholeText() throws Exception {
    TestClock clock = new TestClock(NOW);
    FakeRecentSearch x = new FakeRecentSearch(clock, Pages.TOKEN);
    String whole =
        "Six weeks with the Nimbus 7 and the battery still lasts two days. ".repeat(8)
            + "The camera is the one thing I would change.";
    x.post(NOW.minus(Duration.ofMinutes(30)), Duration.ofMinutes(10), 5);
    String id = x.postLong(NOW.minus(Duration.ofMinutes(5)), whole);
    RecordingPublisher publisher = new RecordingPublisher();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(x);
      server.start();
      PollSettings settings =
          Pages.settings("nimbus", server.url("/"), 10, false, Pages.AMPLE_BUDGET);
      new Ingester(
              settings,
              Pages.client(settings, clock),
              publisher,
              new FileCheckpointStore(dir.resolve("c.json")),
              clock)
          .run();
    }

    assertThat(whole).hasSizeGreaterThan(280);
    OutboundMessage message =
        publisher.messages().stream()
            .filter(m -> id.equals(m.attributes().get("tweet_id")))
            .findFirst()
            .orElseThrow();
    Tweet published = TweetJson.readEnvelope(message.data()).tweets().get(0);
    assertThat(published.text()).isEqualTo(whole);
    assertThat(publisher.messages()).hasSize(6);
  }
}
