package io.github.tweetsentiment.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The view infra/bigquery/sentiment_windows_latest.sql, run as written (placeholders filled the way
 * infra/08-bigquery.sh fills them) on an in-memory SQL engine that speaks the same window-function
 * and QUALIFY dialect, over panes like the pipeline appends: it keeps exactly the latest pane of
 * each window and query, and a backfill's row over the streaming job's. The same for
 * scored_tweets_latest.sql: one row per tweet, the latest run's.
 */
class LatestWindowViewTest {

  private static final String TABLE = "`p.d.sentiment_windows`";
  private static final String TWEETS_TABLE = "`p.d.scored_tweets`";

  /** One result row as text; it may throw what JDBC throws. */
  private interface RowText {
    String of(ResultSet row) throws SQLException;
  }

  private Connection db;
  private Statement s;

  @BeforeEach
  void openDatabase() throws SQLException {
    db = DriverManager.getConnection("jdbc:h2:mem:views;MODE=MySQL");
    s = db.createStatement();
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    s.close();
    db.close(); // The last connection to an in-memory database drops it.
  }

  @Test
  void keepsTheHighestPaneOfEachWindowAndQuery_andALaterRunsRowOverAll() throws Exception {
    s.execute(
        "CREATE TABLE "
            + TABLE
            + " (window_start TIMESTAMP, query VARCHAR(100), tweet_count BIGINT,"
            + " pane_timing VARCHAR(10), pane_index BIGINT, last_update TIMESTAMP,"
            + " run_started_at TIMESTAMP)");
    // Window 18:00 of "nimbus": early, on time, then a late pane.
    insert("18:00", "nimbus", 2, "EARLY", 0, "18:00:40");
    insert("18:00", "nimbus", 5, "ON_TIME", 1, "18:01:01");
    insert("18:00", "nimbus", 6, "LATE", 2, "18:04:00");
    // The same window of another query.
    insert("18:00", "aerolux", 1, "ON_TIME", 0, "18:01:01");
    // Window 18:01 of "nimbus", its on-time pane written twice by an at-least-once retry.
    insert("18:01", "nimbus", 3, "ON_TIME", 0, "18:02:01");
    insert("18:01", "nimbus", 3, "ON_TIME", 0, "18:02:01");
    // Window 18:02 of "nimbus": two panes of the streaming job (a run without run_started_at,
    // written before runs were recorded), then a backfill's one row, with fewer tweets (say a
    // new model) and a lower pane index, two days later.
    insert("18:02", "nimbus", 4, "EARLY", 0, "18:02:30");
    insert("18:02", "nimbus", 9, "ON_TIME", 1, "18:03:01");
    s.execute(
        "INSERT INTO "
            + TABLE
            + " VALUES (TIMESTAMP '2026-11-24 18:02:00', 'nimbus', 8, 'ON_TIME', 0,"
            + " TIMESTAMP '2026-11-26 09:00:00', TIMESTAMP '2026-11-26 08:59:00')");

    List<String> rows =
        rows(
            "sentiment_windows_latest.sql",
            r ->
                r.getTimestamp("window_start").toString().substring(11, 16)
                    + " "
                    + r.getString("query")
                    + " "
                    + r.getLong("tweet_count")
                    + " "
                    + r.getString("pane_timing"));
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "18:00 nimbus 6 LATE",
            "18:00 aerolux 1 ON_TIME",
            "18:01 nimbus 3 ON_TIME",
            "18:02 nimbus 8 ON_TIME");
  }

  @Test
  void scoredTweetsLatest_keepsEachTweetOnce_fromTheLatestRun() throws Exception {
    s.execute(
        "CREATE TABLE "
            + TWEETS_TABLE
            + " (tweet_id VARCHAR(20), created_at TIMESTAMP, label VARCHAR(10),"
            + " processing_time TIMESTAMP, run_started_at TIMESTAMP)");
    // Tweet 1: streaming (no run recorded), then a streaming run, then a backfill.
    insertTweet("1", "negative", "2026-11-24 18:00:42", null);
    insertTweet("1", "neutral", "2026-11-24 18:00:43", "2026-11-20 00:00:00");
    insertTweet("1", "positive", "2026-11-26 09:00:00", "2026-11-26 08:59:00");
    // Tweet 2: written twice by one run (an at-least-once retry).
    insertTweet("2", "neutral", "2026-11-24 18:00:44", "2026-11-20 00:00:00");
    insertTweet("2", "neutral", "2026-11-24 18:00:44", "2026-11-20 00:00:00");

    assertThat(
            rows(
                "scored_tweets_latest.sql",
                r -> r.getString("tweet_id") + " " + r.getString("label")))
        .containsExactlyInAnyOrder("1 positive", "2 neutral");
  }

  private static String view(String file) throws Exception {
    Path sql = Path.of(System.getProperty("bigquery.dir", "../infra/bigquery")).resolve(file);
    return Files.readString(sql).replace("${PROJECT_ID}", "p").replace("${BQ_DATASET}", "d");
  }

  /** The rows of the view in {@code file}, each as {@code text} renders it. */
  private List<String> rows(String file, RowText text) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery(view(file))) {
      while (r.next()) {
        rows.add(text.of(r));
      }
    }
    return rows;
  }

  /** A scored_tweets row of tweet {@code id}, created at 18:00:41; {@code run} may be null. */
  private void insertTweet(String id, String label, String processed, String run)
      throws SQLException {
    s.execute(
        String.format(
            "INSERT INTO %s VALUES ('%s', TIMESTAMP '2026-11-24 18:00:41', '%s',"
                + " TIMESTAMP '%s', %s)",
            TWEETS_TABLE, id, label, processed, run == null ? "NULL" : "TIMESTAMP '" + run + "'"));
  }

  private void insert(String window, String query, long count, String timing, long pane, String at)
      throws Exception {
    s.execute(
        String.format(
            "INSERT INTO %s VALUES (TIMESTAMP '2026-11-24 %s:00', '%s', %d, '%s', %d,"
                + " TIMESTAMP '2026-11-24 %s', NULL)",
            TABLE, window, query, count, timing, pane, at));
  }
}
