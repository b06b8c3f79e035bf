package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.inference.CallStats;
import io.github.tweetsentiment.inference.InferenceListener;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Maps each predict call's stats onto Beam metrics. Beam metrics belong to the DoFn's thread, so
 * the scoring step hands it the stats the client collected on its call threads.
 *
 * <p>Time spent backing off because the endpoint pushed back goes into {@code
 * beam-throttling-metrics/throttling-msecs}: Dataflow's autoscaler reads it and does not add
 * workers to a pipeline that is waiting on its backend.
 */
final class MetricsListener implements InferenceListener {
  private final Counter calls = PipelineMetrics.counter(PipelineMetrics.INFERENCE_CALLS);
  private final Counter attempts = PipelineMetrics.counter(PipelineMetrics.INFERENCE_ATTEMPTS);
  private final Distribution latency =
      PipelineMetrics.distribution(PipelineMetrics.INFERENCE_LATENCY_MS);
  private final Distribution batchSize = PipelineMetrics.distribution(PipelineMetrics.BATCH_SIZE);
  private final Counter throttled =
      Metrics.counter(PipelineMetrics.THROTTLING_NAMESPACE, PipelineMetrics.THROTTLING_MSECS);

  @Override
  public void onCall(CallStats stats) {
    calls.inc();
    attempts.inc(stats.attempts());
    latency.update(stats.latency().toMillis());
    batchSize.update(stats.batchSize());
    long throttledMs = stats.throttled().toMillis();
    if (throttledMs > 0) {
      throttled.inc(throttledMs);
    }
  }
}
