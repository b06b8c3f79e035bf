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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checkpoints in Firestore: one document per query in a collection, its id a hash of the query
 * (queries contain characters document ids may not), with fields {@code query}, {@code since_id},
 * {@code updated_at} (a timestamp) and {@code gaps}: an array of maps with {@code since_id} or
 * {@code start_time}, {@code until_id} and {@code recorded_at}. A document without {@code gaps}
 * (written before gaps were recorded) reads as a checkpoint without gaps.
 *
 * <p>{@link #compareAndSet} runs in a transaction: Firestore retries it when another run touched
 * the document concurrently, and the retry then sees the other run's progress and declines.
 *
 * <p>The X API read usage is one more document in the collection, {@value #USAGE_DOCUMENT}, with
 * {@code day}, {@code day_posts}, {@code day_users}, {@code month}, {@code month_posts}, {@code
 * month_users} and {@code updated_at}; {@link #updateUsage} changes it in a transaction.
 */
public final class FirestoreCheckpointStore implements CheckpointStore {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** The id of the usage document; checkpoint ids start with {@code q-}, so it meets none. */
  static final String USAGE_DOCUMENT = "x-api-usage";

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
  public boolean compareAndSet(String query, Checkpoint expected, Checkpoint next) {
    DocumentReference ref = doc(query);
    return await(
        db.runTransaction(
            tx -> {
              if (!Checkpoint.sameProgress(toCheckpoint(query, tx.get(ref).get()), expected)) {
                return false;
              }
              tx.set(ref, toFields(next));
              return true;
            }),
        "write");
  }

  @Override
  public UsageChange updateUsage(Instant now, java.util.function.UnaryOperator<ReadUsage> change) {
    DocumentReference ref = db.collection(collection).document(USAGE_DOCUMENT);
    return await(
        db.runTransaction(
            tx -> {
              ReadUsage before = toUsage(tx.get(ref).get(), now);
              ReadUsage after = change.apply(before);
              Map<String, Object> fields = new HashMap<>(after.fields());
              fields.put("updated_at", timestamp(now));
              tx.set(ref, fields);
              return new UsageChange(before, after);
            }),
        "usage update");
  }

  private static ReadUsage toUsage(DocumentSnapshot snap, Instant now) {
    if (snap == null || !snap.exists() || snap.getString("day") == null) {
      return ReadUsage.none(now);
    }
    return new ReadUsage(
            snap.getString("day"),
            count(snap, "day_posts"),
            count(snap, "day_users"),
            Objects.requireNonNullElse(snap.getString("month"), ""),
            count(snap, "month_posts"),
            count(snap, "month_users"))
        .at(now);
  }

  private static long count(DocumentSnapshot snap, String field) {
    Long v = snap.getLong(field);
    return v == null ? 0 : v;
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
    List<Gap> gaps = new ArrayList<>();
    Object stored = snap.get("gaps");
    if (stored instanceof List<?> list) {
      for (Object item : list) {
        try {
          Map<?, ?> g = (Map<?, ?>) item;
          gaps.add(
              new Gap(
                  (String) g.get("since_id"),
                  instant(g.get("start_time")),
                  (String) g.get("until_id"),
                  instant(g.get("recorded_at"))));
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
          throw new CheckpointException(
              "Firestore checkpoint " + snap.getId() + " has a gap that is not one: " + item, e);
        }
      }
    }
    return new Checkpoint(
        query, snap.getString("since_id"), gaps, instant(snap.getTimestamp("updated_at")));
  }

  private static Map<String, Object> toFields(Checkpoint checkpoint) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("query", checkpoint.query());
    fields.put("since_id", checkpoint.sinceId());
    fields.put("updated_at", timestamp(checkpoint.updatedAt()));
    List<Map<String, Object>> gaps = new ArrayList<>();
    for (Gap gap : checkpoint.gaps()) {
      Map<String, Object> g = new HashMap<>();
      if (gap.sinceId() != null) {
        g.put("since_id", gap.sinceId());
      } else {
        g.put("start_time", timestamp(gap.startTime()));
      }
      g.put("until_id", gap.untilId());
      g.put("recorded_at", timestamp(gap.recordedAt()));
      gaps.add(g);
    }
    fields.put("gaps", gaps);
    return fields;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null
        ? null
        : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  private static Instant instant(Object value) {
    return value instanceof Timestamp t
        ? Instant.ofEpochSecond(t.getSeconds(), t.getNanos())
        : null;
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
