package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One page request of {@code GET /2/tweets/search/recent}. Exactly one of {@code sinceId} and
 * {@code startTime} bounds the search (both null: the API's default of the last 7 days).
 *
 * @param query the search query
 * @param sinceId only tweets newer than this id
 * @param startTime only tweets from this time on (the first run, without a checkpoint)
 * @param nextToken the page to fetch; null for the first (newest) page
 * @param expandAuthors whether to add {@code expansions=author_id}
 * @param maxResults tweets per page, 10 to 100
 */
public record SearchRequest(
    String query,
    String sinceId,
    Instant startTime,
    String nextToken,
    boolean expandAuthors,
    int maxResults) {

  public static final int MAX_RESULTS = 100;

  public SearchRequest {
    Objects.requireNonNull(query, "query");
    if (maxResults < 10 || maxResults > MAX_RESULTS) {
      throw new IllegalArgumentException("maxResults must be 10..100, got " + maxResults);
    }
  }

  /** The first page of a search bounded by {@code sinceId} or else {@code startTime}. */
  public static SearchRequest first(
      String query, String sinceId, Instant startTime, boolean expandAuthors) {
    return new SearchRequest(
        query, sinceId, sinceId == null ? startTime : null, null, expandAuthors, MAX_RESULTS);
  }

  /** The same search, one page further. */
  public SearchRequest next(String token) {
    return new SearchRequest(query, sinceId, startTime, token, expandAuthors, maxResults);
  }
}
