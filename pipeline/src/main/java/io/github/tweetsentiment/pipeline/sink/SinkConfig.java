package io.github.tweetsentiment.pipeline.sink;

import java.io.Serializable;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/** Where the pipeline writes its three tables. */
public sealed interface SinkConfig extends Serializable {

  /**
   * BigQuery tables in {@code project:dataset}, written through the Storage Write API (streaming)
   * or load jobs (a backfill).
   *
   * @param method {@code STORAGE_API_AT_LEAST_ONCE} or {@code STORAGE_WRITE_API} (exactly once);
   *     {@code FILE_LOADS} for a batch job
   * @param triggeringFrequency how often exactly-once writes commit (ignored at least once)
   * @param numStreams write streams for exactly-once writes; 0 lets the runner auto-shard
   * @param testServices fake BigQuery services for tests, null in production
   */
  record BigQuery(
      String project,
      String dataset,
      BigQueryIO.Write.Method method,
      Duration triggeringFrequency,
      int numStreams,
      @Nullable BigQueryServices testServices)
      implements SinkConfig {

    public BigQuery {
      if (method != BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE
          && method != BigQueryIO.Write.Method.STORAGE_WRITE_API
          && method != BigQueryIO.Write.Method.FILE_LOADS) {
        throw new IllegalArgumentException(
            "--bigQueryWriteMethod must be STORAGE_API_AT_LEAST_ONCE or STORAGE_WRITE_API (a"
                + " backfill uses FILE_LOADS), got "
                + method);
      }
    }
  }

  /**
   * Newline-delimited JSON files in {@code outputDir}, per table one file per writer thread, each
   * flushed at the end of every bundle.
   */
  record LocalFiles(String outputDir) implements SinkConfig {}
}
