-- Each scored tweet once: the row of the latest run that scored it.
-- A backfill re-scores tweets the streaming job scored before (with a newer model, say); both rows
-- stay in scored_tweets, and this view returns the latest run's (rows written before runs were
-- recorded have no run_started_at and lose to any run that has one). created_at is in the
-- partitioning so that a filter on it prunes the table's partitions through the view.
SELECT *
FROM `${PROJECT_ID}.${BQ_DATASET}.scored_tweets`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY tweet_id, created_at
  ORDER BY run_started_at DESC NULLS LAST, processing_time DESC
) = 1
