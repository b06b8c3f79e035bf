package io.github.tweetsentiment.ingest;

import java.time.Duration;

/**
 * Exponential backoff for 5xx and I/O failures: {@code initialBackoff}, doubled per attempt up to
 * {@code maxBackoff}, at most {@code maxAttempts} attempts, and never past the run's deadline. Why
 * it differs from inference-client's policy: docs/decisions/0033-two-retry-policies.md.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 6);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
  }

  /**
   * The pause before attempt {@code attempt + 1}, {@code attempt} counting from 1, without jitter.
   */
  public Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
