package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

  /**
   * Atomically replaces the X API read usage (one for the whole store: every query of this
   * deployment shares the bill) with {@code change} of it, the stored usage brought to {@code
   * now}'s periods first (none stored: nothing read). {@code change} may run more than once (a
   * transaction retried after a concurrent write) and must not have side effects.
   *
   * @return the usage before and after the change
   * @throws CheckpointException if the store cannot be read or written
   */
  UsageChange updateUsage(Instant now, UnaryOperator<ReadUsage> change);

  /** What {@link #updateUsage} found and stored. */
  record UsageChange(ReadUsage before, ReadUsage after) {}

  @Override
  void close();
}
