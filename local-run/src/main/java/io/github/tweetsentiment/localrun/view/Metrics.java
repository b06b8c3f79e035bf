package io.github.tweetsentiment.localrun.view;

/**
 * The pipeline's counters as the local run reads them from {@code PipelineResult.metrics()}: a
 * counter of namespace {@code tweet-sentiment} by name, 0 when it never fired.
 */
@FunctionalInterface
public interface Metrics {

  /** Before the pipeline starts: every counter 0. */
  Metrics NONE = name -> 0L;

  long counter(String name);
}
