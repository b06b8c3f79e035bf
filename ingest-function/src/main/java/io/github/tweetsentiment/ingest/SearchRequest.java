package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One page request of {@code GET /2/tweets/search/recent}. At most one of {@code sinceId} and
 * {@code startTime} bounds the search from below (neither: the API's default of the last 7 days);
 * {@code untilId}, when set, bounds it from above.
 *
 * @param query the search query
 * @param sinceId only tweets newer than this id
 * @param startTime only tweets from this time on (the first run, without a checkpoint)
 * @param untilId only tweets older than this id (reading a {@link Gap})
 * @param nextToken the page to fetch; null for the first (newest) page
 * @param expandAuthors whether to add {@code expansions=author_id}
 * @param maxResults tweets per page, 10 to 100
 */
public record SearchRequest(
    String query,
    String sinceId,
    Instant startTime,
    String untilId,
    String nextToken,
    boolean expandAuthors,
    int maxResults) {

  public static final int MAX_RESULTS = 100;

  /** The smallest page the API serves. */
  public static final int MIN_RESULTS = 10;

  public SearchRequest {
    Objects.requireNonNull(query, "query");
    if (sinceId != null && startTime != null) {
      throw new IllegalArgumentException("sinceId and startTime exclude each other");
    }
    if (maxResults < MIN_RESULTS || maxResults > MAX_RESULTS) {
      throw new IllegalArgumentException("maxResults must be 10..100, got " + maxResults);
    }
  }

  /** The first page of a search bounded by {@code sinceId} or else {@code startTime}. */
  public static SearchRequest first(
      String query, String sinceId, Instant startTime, boolean expandAuthors) {
    return new SearchRequest(
        query, sinceId, sinceId == null ? startTime : null, null, null, expandAuthors, MAX_RESULTS);
  }

  /** The first (newest) page of what {@code gap} left unread. */
  public static SearchRequest within(String query, Gap gap, boolean expandAuthors) {
    return new SearchRequest(
        query, gap.sinceId(), gap.startTime(), gap.untilId(), null, expandAuthors, MAX_RESULTS);
  }

  /** The same page with at most {@code max} tweets (10 to 100). */
  public SearchRequest withMaxResults(int max) {
    return new SearchRequest(query, sinceId, startTime, untilId, nextToken, expandAuthors, max);
  }

  /** The same search, one page further. */
  public SearchRequest next(String token) {
    return new SearchRequest(query, sinceId, startTime, untilId, token, expandAuthors, maxResults);
  }
}
