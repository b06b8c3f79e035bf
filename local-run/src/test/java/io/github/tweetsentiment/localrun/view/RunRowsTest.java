package io.github.tweetsentiment.localrun.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import org.junit.jupiter.api.Test;

/** The local twin of sentiment_windows_latest picks rows as the BigQuery view does. */
class RunRowsTest {

  private static ObjectNode window(long paneIndex, long tweets, String runStartedAt) {
    ObjectNode row = TweetJson.mapper().createObjectNode();
    row.put("query", "nimbus");
    row.put("window_start", "2026-11-24T18:02:00Z");
    row.put("pane_index", paneIndex);
    row.put("tweet_count", tweets);
    row.put("last_update", "2026-11-24T18:03:0" + paneIndex + "Z");
    if (runStartedAt != null) {
      row.put("run_started_at", runStartedAt);
    }
    return row;
  }

  @Test
  void theLatestRunWins_thenTheHighestPane() {
    RunRows rows = new RunRows();
    rows.addWindow(window(0, 4, "2026-11-24T17:00:00.000Z"));
    rows.addWindow(window(1, 9, "2026-11-24T17:00:00.000Z"));
    // A backfill launched later: one pane, with a lower index.
    rows.addWindow(window(0, 8, "2026-11-26T08:59:00.000Z"));
    // A row written before runs were recorded loses to both.
    rows.addWindow(window(5, 1, null));

    assertThat(rows.latestWindowRows())
        .singleElement()
        .satisfies(r -> assertThat(r.get("tweet_count").asLong()).isEqualTo(8));
  }
}
