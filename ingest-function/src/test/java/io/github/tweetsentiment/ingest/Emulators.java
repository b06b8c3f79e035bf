package io.github.tweetsentiment.ingest;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Pub/Sub and Firestore emulators for integration tests: their hosts come from {@code
 * PUBSUB_EMULATOR_HOST} and {@code FIRESTORE_EMULATOR_HOST}. Unset, a test is skipped, except under
 * {@code CI=true}, where it fails: CI must run it.
 */
final class Emulators {
  static final String PROJECT = "test-project";

  private Emulators() {}

  static String host(String variable) {
    String host = System.getenv(variable);
    if (host == null || host.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(variable + " is not set, but CI=true: the CI script must start the emulator");
      }
      assumeTrue(
          false,
          variable
              + " is not set: skipping. Start the emulator and export it, see"
              + " ingest-function/README.md");
    }
    return host.strip();
  }

  static String pubsubHost() {
    return host("PUBSUB_EMULATOR_HOST");
  }

  static String firestoreHost() {
    return host("FIRESTORE_EMULATOR_HOST");
  }

  /** A store of its own client over {@code collection} in the Firestore emulator. */
  static FirestoreCheckpointStore firestoreStore(String collection) {
    return FirestoreCheckpointStore.open(
        new IngestConfig.FirestoreSpec(PROJECT, "(default)", collection), firestoreHost());
  }

  /** Admin and pull access to the Pub/Sub emulator. */
  static final class PubSub implements AutoCloseable {
    private final ManagedChannel channel;
    final TopicAdminClient topics;
    final SubscriptionAdminClient subscriptions;

    PubSub(String host) throws Exception {
      channel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
      TransportChannelProvider provider =
          FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
      topics =
          TopicAdminClient.create(
              TopicAdminSettings.newBuilder()
                  .setTransportChannelProvider(provider)
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
      subscriptions =
          SubscriptionAdminClient.create(
              SubscriptionAdminSettings.newBuilder()
                  .setTransportChannelProvider(provider)
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
    }

    /** Creates the topic if needed and a fresh subscription to it; returns the subscription. */
    String topicWithSubscription(String topic, String subscriptionId) {
      try {
        topics.createTopic(topic);
      } catch (com.google.api.gax.rpc.AlreadyExistsException e) {
        // Left from an earlier run: fine, the subscription below is new.
      }
      String subscription = "projects/" + PROJECT + "/subscriptions/" + subscriptionId;
      subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 60);
      return subscription;
    }

    /** Pulls until {@code expected} messages arrived or 20 s passed, acknowledging them. */
    List<ReceivedMessage> pull(String subscription, int expected) throws InterruptedException {
      List<ReceivedMessage> received = new ArrayList<>();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (received.size() < expected && System.nanoTime() < until) {
        List<ReceivedMessage> batch = pullOnce(subscription);
        if (batch.isEmpty()) {
          Thread.sleep(100);
        }
        received.addAll(batch);
      }
      return received;
    }

    /**
     * Pulls everything: until {@code expected} messages arrived (or 20 s passed), then on until the
     * subscription has stayed empty for a second, so that a message published twice shows up too.
     */
    List<ReceivedMessage> drain(String subscription, int expected) throws InterruptedException {
      List<ReceivedMessage> received = pull(subscription, expected);
      long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (System.nanoTime() < quietUntil) {
        List<ReceivedMessage> batch = pullOnce(subscription);
        if (batch.isEmpty()) {
          Thread.sleep(100);
        } else {
          received.addAll(batch);
          quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
      }
      return received;
    }

    // returnImmediately is deprecated for production use, but without it the emulator holds a
    // pull on an empty subscription for a minute.
    @SuppressWarnings("deprecation")
    private List<ReceivedMessage> pullOnce(String subscription) {
      List<ReceivedMessage> batch =
          subscriptions
              .pull(
                  PullRequest.newBuilder()
                      .setSubscription(subscription)
                      .setMaxMessages(100)
                      .setReturnImmediately(true)
                      .build())
              .getReceivedMessagesList();
      if (!batch.isEmpty()) {
        subscriptions.acknowledge(
            AcknowledgeRequest.newBuilder()
                .setSubscription(subscription)
                .addAllAckIds(batch.stream().map(ReceivedMessage::getAckId).toList())
                .build());
      }
      return batch;
    }

    @Override
    public void close() {
      topics.close();
      subscriptions.close();
      channel.shutdownNow();
    }
  }
}
