package io.github.tweetsentiment.pipeline.sink;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.core.TweetJson;
import java.time.Instant;

/** How values are written into rows: the same for BigQuery and the local NDJSON files. */
public final class Rows {

  private Rows() {}

  /**
   * A TIMESTAMP cell: RFC 3339 in UTC with milliseconds, which both the Storage Write API and
   * {@code bq load} of NDJSON accept; null stays null.
   */
  public static String timestamp(Instant instant) {
    return instant == null ? null : TweetJson.formatTimestamp(instant);
  }

  /** Sets a cell only when there is a value: NULLABLE columns are left out rather than null. */
  public static void setIfNotNull(TableRow row, String field, Object value) {
    if (value != null) {
      row.set(field, value);
    }
  }
}
