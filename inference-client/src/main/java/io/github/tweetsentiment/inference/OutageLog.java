package io.github.tweetsentiment.inference;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator, in the log, that the endpoint is failing and that calls are waiting for it: a
 * WARNING when failures have lasted {@link #FIRST_WARNING}, then one every {@link #REPEAT} while
 * they go on, and an INFO when a call succeeds again. Shared by the calls of one client, so a
 * worker with many threads logs an outage once, not once per call.
 */
class OutageLog {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentClient.class);

  /** A blip shorter than this is only a debug line. */
  static final Duration FIRST_WARNING = Duration.ofSeconds(10);

  static final Duration REPEAT = Duration.ofSeconds(60);

  private static final long NONE = Long.MIN_VALUE;

  private final String endpoint;
  private final String onGivingUp;
  private final TimeSource time;
  private final AtomicLong failingSince = new AtomicLong(NONE);
  private final AtomicLong lastWarning = new AtomicLong(NONE);
  private final AtomicLong failedAttempts = new AtomicLong();

  /**
   * @param onGivingUp what happens to the tweets if the failures outlast the retry policy
   */
  OutageLog(String endpoint, RetryPolicy policy, TimeSource time) {
    this.endpoint = endpoint;
    this.time = time;
    this.onGivingUp =
        policy.untilSuccess()
            ? "the tweets wait and are retried until it recovers"
            : "a call that stays failing for "
                + (policy.maxRetryTime() == null
                    ? policy.maxAttempts() + " attempts"
                    : policy.maxRetryTime().toSeconds() + " s")
                + " gives its tweets up";
  }

  /** Records a failed attempt about to be retried; returns how long failures have lasted. */
  Duration failed(int attempt, String reason, Duration wait) {
    long now = time.nanoTime();
    failingSince.compareAndSet(NONE, now);
    long since = failingSince.get();
    long attempts = failedAttempts.incrementAndGet();
    Duration failingFor = Duration.ofNanos(since == NONE ? 0 : now - since);
    long last = lastWarning.get();
    boolean due =
        failingFor.compareTo(FIRST_WARNING) >= 0
            && (last == NONE || now - last >= REPEAT.toNanos())
            && lastWarning.compareAndSet(last, now);
    if (due) {
      warn(failingFor, attempts, reason);
    } else {
      LOG.debug(
          "predict attempt {} to {} failed ({}); retrying in {} ms",
          attempt,
          endpoint,
          reason,
          wait.toMillis());
    }
    return failingFor;
  }

  /** Overridden in tests to see when a warning is due. */
  void warn(Duration failingFor, long attempts, String reason) {
    LOG.warn(
        "The sentiment endpoint {} has been failing for {} s ({} failed attempts, last: {}); {}",
        endpoint,
        failingFor.toSeconds(),
        attempts,
        reason,
        onGivingUp);
  }

  /** Records a successful call, which ends an outage. */
  void succeeded() {
    long since = failingSince.getAndSet(NONE);
    if (since == NONE) {
      return;
    }
    long warned = lastWarning.getAndSet(NONE);
    long attempts = failedAttempts.getAndSet(0);
    if (warned != NONE) {
      LOG.info(
          "The sentiment endpoint {} answers again after {} s of failures ({} failed attempts)",
          endpoint,
          Duration.ofNanos(time.nanoTime() - since).toSeconds(),
          attempts);
    }
  }
}
