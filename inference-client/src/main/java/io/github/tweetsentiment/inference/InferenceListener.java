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

  /** A listener that ignores every call; the builder's default. */
  static InferenceListener none() {
    return stats -> {};
  }
}
