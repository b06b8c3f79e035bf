package io.github.tweetsentiment.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link SentimentClient#predict} call cost, reported to the {@link InferenceListener}
 * once per call, whether it succeeded or failed.
 *
 * @param model the model the call asked for
 * @param batchSize how many instances the call scored (0 is never reported: empty calls make no
 *     request)
 * @param attempts HTTP requests made: first tries, retries and the requests for 413 halves
 * @param latency wall time of the whole call, retries and backoff included
 * @param throttled the part of {@code latency} spent waiting because the endpoint pushed back: 429,
 *     503 or any response with {@code Retry-After}. This is what Dataflow's autoscaler wants in
 *     {@code beam-throttling-metrics/throttling-msecs}.
 * @param backoff all time spent waiting between attempts, {@code throttled} included
 * @param outcome how the call ended
 * @param status the last HTTP status seen (200 on success), or -1 when the last attempt got no
 *     response
 */
public record CallStats(
    String model,
    int batchSize,
    int attempts,
    Duration latency,
    Duration throttled,
    Duration backoff,
    Outcome outcome,
    int status) {

  /** How a call ended. */
  public enum Outcome {
    /** Every instance got a prediction. */
    SUCCESS,
    /** Failed on a transient error after exhausting the attempt or time budget. */
    TRANSIENT_FAILURE,
    /** Failed on an error that retrying would not fix (4xx, invalid response, interruption). */
    PERMANENT_FAILURE
  }

  public CallStats {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(throttled, "throttled");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(outcome, "outcome");
  }
}
