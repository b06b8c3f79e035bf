package io.github.tweetsentiment.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * A failed attempt the client is about to retry, reported to {@link InferenceListener#onRetry}
 * before the wait.
 *
 * @param model the model the call asked for
 * @param attempt which attempt of the call failed (1 is the first)
 * @param status the HTTP status, or -1 when no response came
 * @param reason what failed, for logs (never a credential)
 * @param backoff how long the client waits before the next attempt
 * @param throttling whether the endpoint pushed back on load (429, 503 or {@code Retry-After})
 * @param failingFor how long this client's calls have been failing without a success between
 */
public record RetryEvent(
    String model,
    int attempt,
    int status,
    String reason,
    Duration backoff,
    boolean throttling,
    Duration failingFor) {

  public RetryEvent {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(failingFor, "failingFor");
  }
}
