package io.github.tweetsentiment.ingest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Function's configuration: the poll settings plus where tweets go and where the
 * checkpoint lives. Read once per instance from the environment.
 *
 * @param poll the X API side
 * @param topic the Pub/Sub topic, {@code projects/P/topics/T} ({@code PUBSUB_TOPIC})
 * @param checkpoint where since_id is kept ({@code CHECKPOINT_STORE} and {@code FIRESTORE_*})
 */
public record IngestConfig(PollSettings poll, String topic, CheckpointSpec checkpoint) {

  public static final String DEFAULT_FIRESTORE_COLLECTION = "ingest_checkpoints";
  public static final String DEFAULT_FIRESTORE_DATABASE = "(default)";

  // Pub/Sub's naming rules: the topic id starts with a letter, 3 to 255 characters.
  private static final Pattern TOPIC =
      Pattern.compile("projects/([^/\\s]+)/topics/([A-Za-z][A-Za-z0-9\\-_.~+%]{2,254})");

  public IngestConfig {
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  /** Where the checkpoint is stored. */
  public sealed interface CheckpointSpec {}

  /** A Firestore document per query in {@code collection} of {@code database}. */
  public record FirestoreSpec(String projectId, String database, String collection)
      implements CheckpointSpec {}

  /** A local JSON file, for local runs and the record command. */
  public record FileSpec(Path path) implements CheckpointSpec {}

  /** Reads and validates the whole configuration; errors name the variable to fix. */
  public static IngestConfig fromEnvironment(Map<String, String> environment) {
    PollSettings poll = PollSettings.fromEnvironment(environment);
    Env env = new Env(environment);
    String topic =
        env.require(
            "PUBSUB_TOPIC", "set it to the full topic name, projects/PROJECT_ID/topics/TOPIC_ID");
    Matcher m = TOPIC.matcher(topic);
    if (!m.matches()) {
      throw new ConfigException(
          "PUBSUB_TOPIC",
          "must look like projects/PROJECT_ID/topics/TOPIC_ID (topic id: a letter, then 2 to 254"
              + " letters, digits or -_.~+%), got '"
              + topic
              + "'");
    }
    return new IngestConfig(poll, topic, checkpointSpec(env, m.group(1)));
  }

  /** The project part of {@link #topic()}. */
  public String topicProject() {
    Matcher m = TOPIC.matcher(topic);
    if (!m.matches()) {
      throw new IllegalStateException("invalid topic " + topic);
    }
    return m.group(1);
  }

  private static CheckpointSpec checkpointSpec(Env env, String topicProject) {
    String store = env.get("CHECKPOINT_STORE", "firestore");
    if (store.equals("firestore")) {
      String collection = env.get("FIRESTORE_COLLECTION", DEFAULT_FIRESTORE_COLLECTION);
      if (collection.contains("/")) {
        throw new ConfigException(
            "FIRESTORE_COLLECTION",
            "must be a top-level collection id without '/', got " + collection);
      }
      return new FirestoreSpec(
          env.get("FIRESTORE_PROJECT_ID", topicProject),
          env.get("FIRESTORE_DATABASE", DEFAULT_FIRESTORE_DATABASE),
          collection);
    }
    if (store.startsWith("file:") && store.length() > "file:".length()) {
      return new FileSpec(Path.of(store.substring("file:".length())));
    }
    throw new ConfigException(
        "CHECKPOINT_STORE",
        "must be 'firestore' or 'file:<path>' (such as file:target/checkpoint.json), got '"
            + store
            + "'");
  }

  /** A one-line description for the start-up log: everything but the token. */
  public String describe() {
    return poll.describe() + " topic=" + topic + " checkpoint=" + checkpoint;
  }

  @Override
  public String toString() {
    return "IngestConfig[" + describe() + "]";
  }
}
