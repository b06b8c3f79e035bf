package io.github.tweetsentiment.inference;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and how long to retry: exponential backoff with full jitter, capped in attempts per request
 * and in total time per call, or not capped at all (until the call succeeds or fails for good).
 *
 * @param maxAttempts attempts per HTTP request (first try included); each 413 half counts afresh;
 *     {@link Integer#MAX_VALUE} for no limit
 * @param maxRetryTime the whole predict call's time budget, attempts and waits included; null for
 *     no limit
 * @param initialBackoff the backoff cap after the first failure; doubles per failure
 * @param maxBackoff the largest backoff cap
 */
record RetryPolicy(
    int maxAttempts, Duration maxRetryTime, Duration initialBackoff, Duration maxBackoff) {

  /**
   * Statuses worth retrying: throttling (429), server errors a retry can outlive, and 408, where
   * the server gave up waiting for our request (see docs/decisions/0020).
   */
  static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (maxRetryTime != null) {
      requirePositive("maxRetryTime", maxRetryTime);
    }
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff ("
              + maxBackoff
              + ") must not be below initialBackoff ("
              + initialBackoff
              + ")");
    }
  }

  /** Retries transient failures until the call succeeds: no attempt cap, no time budget. */
  static RetryPolicy untilSuccess(Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(Integer.MAX_VALUE, null, initialBackoff, maxBackoff);
  }

  /** Whether a transient failure is retried until it passes, whatever it costs in time. */
  boolean untilSuccess() {
    return maxRetryTime == null && maxAttempts == Integer.MAX_VALUE;
  }

  /** What is left of the time budget after {@code elapsedNanos}; Long.MAX_VALUE with none. */
  long remainingNanos(long elapsedNanos) {
    return maxRetryTime == null ? Long.MAX_VALUE : maxRetryTime.toNanos() - elapsedNanos;
  }

  static boolean isRetryable(int status) {
    return RETRYABLE_STATUSES.contains(status);
  }

  /** Whether the status means the endpoint is pushing back on load (as opposed to failing). */
  static boolean isThrottling(int status) {
    return status == 429 || status == 503;
  }

  /**
   * The wait after the {@code failures}-th failure of a request: uniform in [0, cap] with cap =
   * min(maxBackoff, initialBackoff * 2^(failures-1)) ("full jitter", which spreads out the retries
   * of many workers that failed together).
   */
  Duration backoff(int failures, RandomGenerator random) {
    long initial = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    long cap = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
    return Duration.ofMillis(random.nextLong(cap + 1));
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
