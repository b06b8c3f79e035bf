package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the since_id of each query between runs.
 *
 * <p>{@link #advance} is a compare-and-set: it moves since_id only if it still holds what the run
 * read at its start, so of two overlapping runs that read the same checkpoint only one advances it,
 * and a slow run can never move it back.
 */
public interface CheckpointStore extends AutoCloseable {

  /** The checkpoint of {@code query}; empty before the first successful run. */
  Optional<Checkpoint> read(String query);

  /**
   * Sets the since_id of {@code query} to {@code newSinceId} if it is still {@code expectedSinceId}
   * (null: no checkpoint yet).
   *
   * @return true if this call advanced it, false if another run changed it first
   * @throws CheckpointException if the store cannot be read or written
   */
  boolean advance(String query, String expectedSinceId, String newSinceId, Instant now);

  @Override
  void close();

  /**
   * True if tweet id {@code a} is newer than {@code b}: ids are numeric strings of up to 19 digits.
   */
  static boolean isNewer(String a, String b) {
    if (b == null) {
      return true;
    }
    return a.length() != b.length() ? a.length() > b.length() : a.compareTo(b) > 0;
  }
}
