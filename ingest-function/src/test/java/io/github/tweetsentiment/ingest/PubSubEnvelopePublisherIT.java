package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Publishes through the real client to the Pub/Sub emulator and pulls the messages back. */
class PubSubEnvelopePublisherIT {

  @Test
  void publish_messagesArriveWithTheirEnvelopeAndAttributes() throws Exception {
    String host = Emulators.pubsubHost();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "projects/" + Emulators.PROJECT + "/topics/publisher-it-" + suffix;
    try (Emulators.PubSub pubsub = new Emulators.PubSub(host)) {
      String subscription = pubsub.topicWithSubscription(topic, "publisher-it-" + suffix);
      List<Tweet> tweets = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        tweets.add(
            TestTweets.tweet(
                Long.toString(1_800_000_000_000_000_000L + i),
                "tweet número " + i + " 🔋",
                Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i),
                "42",
                i % 2 == 0 ? "en" : "es",
                null));
      }

      List<CompletableFuture<String>> futures = new ArrayList<>();
      try (PubSubEnvelopePublisher publisher = PubSubEnvelopePublisher.open(topic, host)) {
        for (Tweet t : tweets) {
          futures.add(publisher.publish(Messages.forTweet(t, "número lang:es")));
        }
        publisher.flush();
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
            .get(30, TimeUnit.SECONDS);
      }

      assertThat(futures).allSatisfy(f -> assertThat(f.join()).isNotBlank());
      List<ReceivedMessage> received = pubsub.pull(subscription, tweets.size());
      assertThat(received).hasSize(tweets.size());
      List<PubsubMessage> messages =
          received.stream()
              .map(ReceivedMessage::getMessage)
              .sorted(Comparator.comparing(m -> m.getAttributesOrThrow("tweet_id")))
              .toList();
      for (int i = 0; i < tweets.size(); i++) {
        Tweet expected = tweets.get(i);
        PubsubMessage m = messages.get(i);
        assertThat(TweetJson.readEnvelope(m.getData().toByteArray()).tweets())
            .containsExactly(expected);
        assertThat(m.getAttributesMap())
            .containsEntry("tweet_id", expected.id())
            .containsEntry("created_at", TweetJson.formatTimestamp(expected.createdAt()))
            .containsEntry("query", "número lang:es")
            .containsEntry("lang", expected.lang())
            .containsEntry("source", "x-api-v2-recent-search")
            .hasSize(5);
      }
    }
  }

  @Test
  void publish_toAMissingTopicFailsTheFuture() throws Exception {
    String host = Emulators.pubsubHost();
    String topic = "projects/" + Emulators.PROJECT + "/topics/missing-" + UUID.randomUUID();
    try (PubSubEnvelopePublisher publisher = PubSubEnvelopePublisher.open(topic, host)) {
      CompletableFuture<String> f =
          publisher.publish(Messages.forTweet(Tweet.of("1", "x", null), "q"));
      publisher.flush();

      assertThat(f).failsWithin(30, TimeUnit.SECONDS);
    }
  }
}
