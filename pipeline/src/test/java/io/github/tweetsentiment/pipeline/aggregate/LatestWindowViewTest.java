package io.github.tweetsentiment.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The view infra/bigquery/sentiment_windows_latest.sql, run as written (placeholders filled the way
 * infra/08-bigquery.sh fills them) on an in-memory SQL engine that speaks the same window-function
 * and QUALIFY dialect, over panes like the pipeline appends: it keeps exactly the latest pane of
 * each window and query.
 */
class LatestWindowViewTest {

  private static final String TABLE = "`p.d.sentiment_windows`";

  @Test
  void keepsTheHighestPaneOfEachWindowAndQuery() throws Exception {
    Path sql =
        Path.of(System.getProperty("bigquery.dir", "../infra/bigquery"))
            .resolve("sentiment_windows_latest.sql");
    String view = Files.readString(sql).replace("${PROJECT_ID}", "p").replace("${BQ_DATASET}", "d");

    try (Connection db = DriverManager.getConnection("jdbc:h2:mem:views;MODE=MySQL");
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + TABLE
              + " (window_start TIMESTAMP, query VARCHAR(100), tweet_count BIGINT,"
              + " pane_timing VARCHAR(10), pane_index BIGINT, last_update TIMESTAMP)");
      // Window 18:00 of "nimbus": early, on time, then a late pane.
      insert(s, "18:00", "nimbus", 2, "EARLY", 0, "18:00:40");
      insert(s, "18:00", "nimbus", 5, "ON_TIME", 1, "18:01:01");
      insert(s, "18:00", "nimbus", 6, "LATE", 2, "18:04:00");
      // The same window of another query.
      insert(s, "18:00", "aerolux", 1, "ON_TIME", 0, "18:01:01");
      // Window 18:01 of "nimbus", its on-time pane written twice by an at-least-once retry.
      insert(s, "18:01", "nimbus", 3, "ON_TIME", 0, "18:02:01");
      insert(s, "18:01", "nimbus", 3, "ON_TIME", 0, "18:02:01");

      List<String> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery(view)) {
        while (r.next()) {
          rows.add(
              r.getTimestamp("window_start").toString().substring(11, 16)
                  + " "
                  + r.getString("query")
                  + " "
                  + r.getLong("tweet_count")
                  + " "
                  + r.getString("pane_timing"));
        }
      }
      assertThat(rows)
          .containsExactlyInAnyOrder(
              "18:00 nimbus 6 LATE", "18:00 aerolux 1 ON_TIME", "18:01 nimbus 3 ON_TIME");
    }
  }

  private static void insert(
      Statement s, String window, String query, long count, String timing, long pane, String at)
      throws Exception {
    s.execute(
        String.format(
            "INSERT INTO %s VALUES (TIMESTAMP '2026-11-24 %s:00', '%s', %d, '%s', %d,"
                + " TIMESTAMP '2026-11-24 %s')",
            TABLE, window, query, count, timing, pane, at));
  }
}
