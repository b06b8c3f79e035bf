package io.github.tweetsentiment.ingest;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The exactly-once timelines with the checkpoint in the Firestore emulator and the tweets published
 * to the Pub/Sub emulator, then pulled back from a subscription: each tweet arrives once.
 */
class ExactlyOnceIT extends ExactlyOnceScenarios {
  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private FirestoreCheckpointStore store;
  private PubSubEnvelopePublisher publisher;
  private Emulators.PubSub pubsub;
  private String subscription;

  @Override
  CheckpointStore store() {
    if (store == null) {
      store = Emulators.firestoreStore("exactly_" + suffix);
    }
    return store;
  }

  @Override
  EnvelopePublisher publisher() throws Exception {
    if (publisher == null) {
      String host = Emulators.pubsubHost();
      String topic = "projects/" + Emulators.PROJECT + "/topics/exactly-" + suffix;
      pubsub = new Emulators.PubSub(host);
      subscription = pubsub.topicWithSubscription(topic, "exactly-" + suffix);
      publisher = PubSubEnvelopePublisher.open(topic, host);
    }
    return publisher;
  }

  @Override
  List<String> publishedIds(int expected) throws Exception {
    return pubsub.drain(subscription, expected).stream()
        .map(m -> m.getMessage().getAttributesOrThrow("tweet_id"))
        .toList();
  }

  @AfterEach
  void closeClients() {
    if (publisher != null) {
      publisher.close();
    }
    if (pubsub != null) {
      pubsub.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
