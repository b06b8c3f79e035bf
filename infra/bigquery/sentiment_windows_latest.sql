-- The current sentiment of each window and query, one row each.
-- The pipeline appends a row to sentiment_windows for every pane it emits (early, on time, late);
-- panes accumulate, so the pane with the highest index holds the window's whole count so far.
-- Identical rows written twice by an at-least-once retry tie and either one is returned.
SELECT *
FROM `${PROJECT_ID}.${BQ_DATASET}.sentiment_windows`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY window_start, query
  ORDER BY pane_index DESC, last_update DESC
) = 1
