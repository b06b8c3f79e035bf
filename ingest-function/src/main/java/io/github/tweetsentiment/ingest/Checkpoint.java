package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where polling for one query stands: every tweet newer than {@code sinceId} is still to be read,
 * and so is every tweet in one of the {@code gaps}; everything else has been read and published.
 *
 * @param query the search query the checkpoint belongs to
 * @param sinceId the newest tweet id read; the next run asks for tweets newer than this
 * @param gaps intervals below {@code sinceId} left unread by runs that stopped early, newest first
 * @param updatedAt when the checkpoint was last written
 */
public record Checkpoint(String query, String sinceId, List<Gap> gaps, Instant updatedAt) {
  public Checkpoint {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(sinceId, "sinceId");
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
  }

  /** A checkpoint without gaps, as every checkpoint was before gaps were recorded. */
  public Checkpoint(String query, String sinceId, Instant updatedAt) {
    this(query, sinceId, List.of(), updatedAt);
  }

  /**
   * True if {@code a} and {@code b} record the same progress: the same since_id and the same gaps,
   * whenever they were written (null: no checkpoint).
   */
  static boolean sameProgress(Checkpoint a, Checkpoint b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!a.sinceId.equals(b.sinceId) || a.gaps.size() != b.gaps.size()) {
      return false;
    }
    for (int i = 0; i < a.gaps.size(); i++) {
      if (!a.gaps.get(i).sameRange(b.gaps.get(i))) {
        return false;
      }
    }
    return true;
  }
}
