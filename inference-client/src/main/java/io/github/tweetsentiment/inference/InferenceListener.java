package io.github.tweetsentiment.inference;

/**
 * Receives one {@link CallStats} per {@link SentimentClient#predict} call, on the calling thread,
 * after the call has finished and before it returns or throws. Implementations must be thread-safe
 * (one client serves many threads) and fast; an exception thrown here is logged and swallowed, so a
 * broken metrics sink never fails scoring.
 *
 * <p>The pipeline maps the stats onto Beam metrics; see the module README for the mapping,
 * including Dataflow's autoscaling counter {@code beam-throttling-metrics/throttling-msecs}.
 */
@FunctionalInterface
public interface InferenceListener {

  /** Called once per finished predict call. */
  void onCall(CallStats stats);

  /**
   * Called on the call's thread before each wait between attempts, so a caller can report time
   * spent waiting while a long outage lasts rather than when the call ends. Default: nothing.
   */
  default void onRetry(RetryEvent retry) {}

  /** A listener that ignores every call; the builder's default. */
  static InferenceListener none() {
    return stats -> {};
  }
}
