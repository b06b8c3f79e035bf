package io.github.tweetsentiment.ingest;

import io.github.tweetsentiment.core.Tweet;
import java.util.List;

/**
 * One page of recent-search results, newest first.
 *
 * @param tweets the page's tweets, authors joined in when the request expanded them
 * @param users how many user objects the page carried ({@code includes.users}), which X bills
 * @param newestId {@code meta.newest_id}; null on an empty result
 * @param oldestId {@code meta.oldest_id}; null on an empty result
 * @param resultCount {@code meta.result_count}
 * @param nextToken {@code meta.next_token}; null on the last page
 * @param errors partial errors a 200 carried beside its data
 * @param rateLimit the rate-limit headers of the response
 */
public record SearchPage(
    List<Tweet> tweets,
    int users,
    String newestId,
    String oldestId,
    int resultCount,
    String nextToken,
    List<ApiProblem> errors,
    RateLimit rateLimit) {

  public SearchPage {
    tweets = List.copyOf(tweets);
    errors = errors == null ? List.of() : List.copyOf(errors);
    rateLimit = rateLimit == null ? RateLimit.UNKNOWN : rateLimit;
  }

  /** True when more (older) pages follow. */
  public boolean hasNext() {
    return nextToken != null;
  }
}
