-- The current sentiment of each window and query, one row each.
-- The pipeline appends a row to sentiment_windows for every pane it emits (early, on time, late);
-- panes accumulate, so the pane with the highest index holds the window's whole count so far.
-- A backfill re-scores windows in a later run: the latest run's row wins (rows written before runs
-- were recorded have no run_started_at and lose to any run that has one).
-- Identical rows written twice by an at-least-once retry tie and either one is returned.
SELECT *
FROM `${PROJECT_ID}.${BQ_DATASET}.sentiment_windows`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY window_start, query
  ORDER BY run_started_at DESC NULLS LAST, pane_index DESC, last_update DESC
) = 1
