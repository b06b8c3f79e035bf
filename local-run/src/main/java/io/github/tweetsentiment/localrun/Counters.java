package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** A snapshot of the pipeline's counters, summed over the steps that report them. */
record Counters(Map<String, Long> counters, Map<String, DistributionResult> distributions) {

  /** The attempted values of every counter and distribution, keyed "namespace/name". */
  static Counters of(MetricResults metrics) {
    MetricQueryResults results = metrics.queryMetrics(MetricsFilter.builder().build());
    Map<String, Long> counters = new HashMap<>();
    for (MetricResult<Long> c : results.getCounters()) {
      Long value = attempted(c);
      if (value != null) {
        counters.merge(key(c.getName().getNamespace(), c.getName().getName()), value, Long::sum);
      }
    }
    Map<String, DistributionResult> distributions = new HashMap<>();
    for (MetricResult<DistributionResult> d : results.getDistributions()) {
      DistributionResult value = attempted(d);
      if (value != null) {
        distributions.merge(
            key(d.getName().getNamespace(), d.getName().getName()),
            value,
            (a, b) ->
                DistributionResult.create(
                    a.getSum() + b.getSum(),
                    a.getCount() + b.getCount(),
                    Math.min(a.getMin(), b.getMin()),
                    Math.max(a.getMax(), b.getMax())));
      }
    }
    return new Counters(Map.copyOf(counters), Map.copyOf(distributions));
  }

  private static <T> T attempted(MetricResult<T> result) {
    try {
      return result.getAttempted();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** A counter of the pipeline's namespace, 0 when it never fired. */
  long get(String name) {
    return counters.getOrDefault(key(PipelineMetrics.NAMESPACE, name), 0L);
  }

  /** A distribution of the pipeline's namespace, or null when nothing was recorded. */
  DistributionResult distribution(String name) {
    return distributions.get(key(PipelineMetrics.NAMESPACE, name));
  }
}
