package org.apache.beam.sdk.io.gcp.bigquery;

/**
 * Test access to BigQueryIO's static caches (package-private in Beam): tests with fake BigQuery
 * services clear them between cases, as Beam's own tests do, or cached schemas and streams leak
 * from one test into the next.
 */
public final class BigQueryCaches {

  private BigQueryCaches() {}

  public static void clear() throws Exception {
    BigQueryIO.clearStaticCaches();
  }
}
