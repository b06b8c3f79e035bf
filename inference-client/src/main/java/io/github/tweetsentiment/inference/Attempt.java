package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.inference.InferenceException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one HTTP attempt came to: predictions, a model's metadata, a 413, or a failure. */
sealed interface Attempt {

  /** Every instance got a prediction, in order. */
  record Scored(List<Prediction> predictions) implements Attempt {
    public Scored {
      predictions = List.copyOf(predictions);
    }
  }

  /** The model's metadata, the answer to {@code GET /v1/models/{model}}. */
  record Described(JsonNode metadata) implements Attempt {}

  /** 413: the batch is too large for the endpoint; its halves may not be. */
  record TooLarge(String detail, String message) implements Attempt {}

  /**
   * A failed attempt.
   *
   * @param status the HTTP status, or {@link InferenceException#NO_STATUS}
   * @param detail the problem+json detail, or null
   * @param retryable whether another attempt may succeed
   * @param throttling whether the endpoint pushed back on load (429, 503, {@code Retry-After})
   * @param retryAfter the wait the endpoint asked for
   */
  record Failed(
      Kind kind,
      int status,
      String detail,
      boolean retryable,
      boolean throttling,
      Optional<Duration> retryAfter,
      String message,
      Throwable cause)
      implements Attempt {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(message, "message");
    }

    static Failed of(
        Kind kind, int status, String detail, boolean retryable, String message, Throwable cause) {
      return new Failed(kind, status, detail, retryable, false, Optional.empty(), message, cause);
    }
  }
}
