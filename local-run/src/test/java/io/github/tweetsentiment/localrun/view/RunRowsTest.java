package io.github.tweetsentiment.localrun.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import java.util.Map;
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

  @Test
  void aWindowsEstimatedShares_andTheirIntervals_reachThePage_onlyWhenTheRowHasThemAll() {
    RunRows rows = new RunRows();
    ObjectNode estimated = window(0, 30, null);
    String[] labels = {"negative", "neutral", "positive"};
    for (int i = 0; i < 3; i++) {
      estimated.put("corrected_" + labels[i] + "_share", 0.1 * (i + 1));
      estimated.put("corrected_" + labels[i] + "_share_low", 0.1 * (i + 1) - 0.05);
      estimated.put("corrected_" + labels[i] + "_share_high", 0.1 * (i + 1) + 0.07);
    }
    rows.addWindow(estimated);
    ObjectNode noInterval = window(0, 5, null);
    noInterval.put("query", "aerolux");
    noInterval.put("corrected_negative_share", 0.5);
    rows.addWindow(noInterval);

    Map<String, ViewState.WindowPoint> byQuery = new java.util.HashMap<>();
    rows.queries().forEach(q -> byQuery.put(q.query(), q.windows().get(0)));

    ViewState.Estimates e = byQuery.get("nimbus").estimated();
    assertThat(e.negative()).isEqualTo(new ViewState.Estimate(0.1, 0.05, 0.17));
    assertThat(e.neutral().share()).isEqualTo(0.2);
    assertThat(e.positive().high()).isEqualTo(0.1 * 3 + 0.07);
    assertThat(byQuery.get("aerolux").estimated()).isNull();
  }
}
