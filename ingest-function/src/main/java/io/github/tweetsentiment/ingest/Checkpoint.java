package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * Where polling for one query resumes: the newest tweet id already published.
 *
 * @param query the search query the checkpoint belongs to
 * @param sinceId the next run asks for tweets newer than this id
 * @param updatedAt when the checkpoint last advanced
 */
public record Checkpoint(String query, String sinceId, Instant updatedAt) {
  public Checkpoint {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(sinceId, "sinceId");
  }
}
