package io.github.tweetsentiment.ingest;

import java.util.Optional;

/**
 * Keeps the {@link Checkpoint} of each query between runs.
 *
 * <p>{@link #compareAndSet} replaces a checkpoint only if it still records what the run read at its
 * start, so of two overlapping runs that read the same checkpoint only one records its progress,
 * and a slow run can never move it back or bring back a gap another run has read.
 */
public interface CheckpointStore extends AutoCloseable {

  /** The checkpoint of {@code query}; empty before the first run that found a tweet. */
  Optional<Checkpoint> read(String query);

  /**
   * Stores {@code next} as the checkpoint of {@code query} if the stored one still records the same
   * progress as {@code expected} (null: no checkpoint yet), see {@link Checkpoint#sameProgress}.
   *
   * @return true if this call stored it, false if another run changed the checkpoint first
   * @throws CheckpointException if the store cannot be read or written
   */
  boolean compareAndSet(String query, Checkpoint expected, Checkpoint next);

  @Override
  void close();
}
