package io.github.tweetsentiment.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heavy, thread-safe objects one function instance reuses across requests: the X API client
 * (its connection pool), the Pub/Sub publisher (its channel and batching threads) and the
 * checkpoint store (its Firestore channel).
 */
public final class IngestRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRuntime.class);

  private final Ingester ingester;
  private final EnvelopePublisher publisher;
  private final CheckpointStore store;

  IngestRuntime(Ingester ingester, EnvelopePublisher publisher, CheckpointStore store) {
    this.ingester = Objects.requireNonNull(ingester, "ingester");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Builds everything from environment variables.
   *
   * @throws ConfigException naming the variable, when the configuration is missing or invalid
   */
  public static IngestRuntime fromEnvironment(Map<String, String> env) {
    IngestConfig config = IngestConfig.fromEnvironment(env);
    CheckpointStore store = openStore(config.checkpoint(), env.get("FIRESTORE_EMULATOR_HOST"));
    EnvelopePublisher publisher;
    try {
      publisher = PubSubEnvelopePublisher.open(config.topic(), env.get("PUBSUB_EMULATOR_HOST"));
    } catch (IOException e) {
      store.close();
      throw new UncheckedIOException(
          "cannot create the Pub/Sub publisher for " + config.topic(), e);
    }
    LOG.atInfo()
        .addKeyValue("query", config.poll().query())
        .addKeyValue("topic", config.topic())
        .log("Ingest configured: {}", config.describe());
    Ingester ingester =
        new Ingester(
            config.poll(), XApiClient.create(config.poll()), publisher, store, Clock.systemUTC());
    return new IngestRuntime(ingester, publisher, store);
  }

  static CheckpointStore openStore(IngestConfig.CheckpointSpec spec, String firestoreEmulatorHost) {
    if (spec instanceof IngestConfig.FirestoreSpec f) {
      return FirestoreCheckpointStore.open(f, firestoreEmulatorHost);
    }
    return new FileCheckpointStore(((IngestConfig.FileSpec) spec).path());
  }

  public Ingester ingester() {
    return ingester;
  }

  /** Flushes and closes the publisher, then the store. */
  @Override
  public void close() {
    try {
      publisher.close();
    } finally {
      store.close();
    }
  }
}
