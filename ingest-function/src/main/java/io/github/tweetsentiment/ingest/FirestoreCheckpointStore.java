package io.github.tweetsentiment.ingest;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checkpoints in Firestore: one document per query in a collection, its id a hash of the query
 * (queries contain characters document ids may not), with fields {@code query}, {@code since_id}
 * and {@code updated_at}.
 *
 * <p>{@link #advance} runs in a transaction: Firestore retries it when another run touched the
 * document concurrently, and the retry then sees the other run's since_id and declines.
 */
public final class FirestoreCheckpointStore implements CheckpointStore {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Firestore db;
  private final String collection;
  private final boolean ownsClient;

  /** Uses {@code db}, which the caller keeps and closes. */
  public FirestoreCheckpointStore(Firestore db, String collection) {
    this(db, collection, false);
  }

  private FirestoreCheckpointStore(Firestore db, String collection, boolean ownsClient) {
    this.db = Objects.requireNonNull(db, "db");
    this.collection = Objects.requireNonNull(collection, "collection");
    this.ownsClient = ownsClient;
  }

  /**
   * Opens a client for {@code spec}; {@code emulatorHost} (from {@code FIRESTORE_EMULATOR_HOST}),
   * when set, points it at the emulator without credentials.
   */
  public static FirestoreCheckpointStore open(
      IngestConfig.FirestoreSpec spec, String emulatorHost) {
    FirestoreOptions.Builder options =
        FirestoreOptions.newBuilder().setProjectId(spec.projectId()).setDatabaseId(spec.database());
    if (emulatorHost != null && !emulatorHost.isBlank()) {
      options.setEmulatorHost(emulatorHost.strip());
    }
    return new FirestoreCheckpointStore(options.build().getService(), spec.collection(), true);
  }

  @Override
  public Optional<Checkpoint> read(String query) {
    DocumentSnapshot snap = await(doc(query).get(), "read");
    return Optional.ofNullable(toCheckpoint(query, snap));
  }

  @Override
  public boolean advance(String query, String expectedSinceId, String newSinceId, Instant now) {
    DocumentReference ref = doc(query);
    return await(
        db.runTransaction(
            tx -> {
              Checkpoint current = toCheckpoint(query, tx.get(ref).get());
              String currentId = current == null ? null : current.sinceId();
              if (!Objects.equals(currentId, expectedSinceId)
                  || !CheckpointStore.isNewer(newSinceId, currentId)) {
                return false;
              }
              Map<String, Object> fields = new HashMap<>();
              fields.put("query", query);
              fields.put("since_id", newSinceId);
              fields.put(
                  "updated_at",
                  Timestamp.ofTimeSecondsAndNanos(now.getEpochSecond(), now.getNano()));
              tx.set(ref, fields);
              return true;
            }),
        "advance");
  }

  DocumentReference doc(String query) {
    return db.collection(collection).document(documentId(query));
  }

  /** {@code q-} and the SHA-256 of the query in hex. */
  static String documentId(String query) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
      return "q-" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Checkpoint toCheckpoint(String query, DocumentSnapshot snap) {
    if (snap == null || !snap.exists() || snap.getString("since_id") == null) {
      return null;
    }
    Timestamp updated = snap.getTimestamp("updated_at");
    return new Checkpoint(
        query,
        snap.getString("since_id"),
        updated == null ? null : Instant.ofEpochSecond(updated.getSeconds(), updated.getNanos()));
  }

  private <T> T await(com.google.api.core.ApiFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckpointException("interrupted during Firestore checkpoint " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new CheckpointException(
          "Firestore checkpoint " + what + " failed in collection '" + collection + "': " + cause,
          cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CheckpointException(
          "Firestore checkpoint " + what + " timed out after " + TIMEOUT.toSeconds() + " s", e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      try {
        db.close();
      } catch (Exception e) {
        throw new CheckpointException("closing Firestore failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "firestore:" + collection;
  }
}
