package io.github.tweetsentiment.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(10, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(3));

  @Test
  void backoff_capDoublesPerFailure_upToMaxBackoff() {
    RandomGenerator top = Fixtures.MAX_JITTER;
    assertThat(policy.backoff(1, top)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2, top)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(5, top)).isEqualTo(Duration.ofMillis(1600));
    assertThat(policy.backoff(6, top)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.backoff(1_000, top)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void backoff_isJitteredOverTheWholeRange() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2_000; i++) {
      long ms = policy.backoff(3, random).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertThat(min).isBetween(0L, 20L);
    assertThat(max).isBetween(380L, 400L);
  }

  @Test
  void statuses_areClassified() {
    assertThat(RetryPolicy.isRetryable(429)).isTrue();
    assertThat(RetryPolicy.isRetryable(501)).isFalse();
    assertThat(RetryPolicy.isRetryable(413)).isFalse();
    assertThat(RetryPolicy.isThrottling(503)).isTrue();
    assertThat(RetryPolicy.isThrottling(500)).isFalse();
  }
}
