#!/usr/bin/env bash
# Creates the BigQuery dataset, one table per schema file in infra/bigquery/*.json (partitioned and
# clustered as docs/architecture.md says), and one view per infra/bigquery/*.sql file.
# The schema files are the one source of truth: the pipeline writes rows with the same fields.
#
# A view file holds the view's query; ${PROJECT_ID} and ${BQ_DATASET} in it are replaced by the
# configured values. On a dataset made by an earlier version: a table missing columns of its schema
# file gets them (`bq update` with the file: additive changes only; a removed or retyped column is
# refused by BigQuery and needs a migration of your own), and a view whose file changed is replaced
# (each view carries the hash of its query in the label sql_hash). Nothing else is touched.
#
# Usage: infra/08-bigquery.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

BQ=(bq --headless --project_id="${PROJECT_ID}")
DATASET_REF="${PROJECT_ID}:${BQ_DATASET}"

# Partitioning and clustering per table: what the queries filter on (docs/architecture.md).
table_options() {
  case "$1" in
    scored_tweets) printf '%s\n' --time_partitioning_type=DAY --time_partitioning_field=created_at \
      --clustering_fields=label,lang ;;
    sentiment_windows) printf '%s\n' --time_partitioning_type=DAY --time_partitioning_field=window_start \
      --clustering_fields=query ;;
    dead_letter) printf '%s\n' --time_partitioning_type=DAY --time_partitioning_field=failed_at \
      --clustering_fields=stage ;;
  esac
}

table_description() {
  case "$1" in
    scored_tweets) echo "One row per scored tweet: the tweet, its sentiment and where it came from." ;;
    sentiment_windows) echo "One row per pane of a window and query; the latest pane of a window is its current value." ;;
    dead_letter) echo "One row per message that could not be processed: stage, error and the original payload." ;;
    *) echo "tweet-sentiment table $1" ;;
  esac
}

step "BigQuery dataset ${DATASET_REF}"
shopt -s nullglob
schemas=("${BQ_SCHEMA_DIR}"/*.json)
views=("${BQ_SCHEMA_DIR}"/*.sql)
((${#schemas[@]} > 0)) || die "no table schema (*.json) in ${BQ_SCHEMA_DIR}"

if exists "${BQ[@]}" show --format=none "${DATASET_REF}"; then
  log "    dataset ${DATASET_REF} exists"
else
  run "${BQ[@]}" --location="${BQ_LOCATION}" mk --dataset --label=app:tweet-sentiment \
    --description="Tweets scored by the tweet-sentiment pipeline" "${DATASET_REF}"
fi

# The names in a bq JSON schema (a file, or `bq show --schema` output), one a line, sorted.
field_names() {
  grep -o '"name": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' | sort -u
}

for schema in "${schemas[@]}"; do
  table="$(basename "${schema}" .json)"
  if exists "${BQ[@]}" show --format=none "${DATASET_REF}.${table}"; then
    current="$(read_value "" "${BQ[@]}" show --schema --format=json "${DATASET_REF}.${table}")"
    missing="$(comm -23 <(field_names <"${schema}") <(field_names <<<"${current}") | paste -sd, -)"
    if [[ -n "${missing}" ]]; then
      log "    table ${table} exists; adding its new columns: ${missing}"
      run "${BQ[@]}" update "${DATASET_REF}.${table}" "${schema}"
    else
      log "    table ${table} exists"
    fi
  else
    mapfile -t options < <(table_options "${table}")
    run "${BQ[@]}" mk --table --label=app:tweet-sentiment --description="$(table_description "${table}")" \
      "${options[@]}" "${DATASET_REF}.${table}" "${schema}"
  fi
done

for view_file in "${views[@]}"; do
  view="$(basename "${view_file}" .sql)"
  query="$(render_template "${view_file}" PROJECT_ID BQ_DATASET)"
  hash="$(printf '%s' "${query}" | sha256sum | cut -c1-16)"
  if exists "${BQ[@]}" show --format=none "${DATASET_REF}.${view}"; then
    definition="$(read_value "" "${BQ[@]}" show --format=json "${DATASET_REF}.${view}")"
    if grep -Eq "\"sql_hash\": *\"${hash}\"|sql_hash:${hash}" <<<"${definition}"; then
      log "    view ${view} exists"
    else
      log "    view ${view} exists with another query; replacing it with infra/bigquery/${view}.sql"
      run "${BQ[@]}" update --use_legacy_sql=false --set_label="sql_hash:${hash}" --view="${query}" "${DATASET_REF}.${view}"
    fi
  else
    run "${BQ[@]}" mk --use_legacy_sql=false --label=app:tweet-sentiment --label="sql_hash:${hash}" \
      --description="tweet-sentiment view, from infra/bigquery/${view}.sql" --view="${query}" "${DATASET_REF}.${view}"
  fi
done

# Dataflow: append rows through the Storage Write API and read table metadata, in this dataset only.
# BigQuery grants dataset-level roles with a GRANT statement; the dataset's access list shows them.
writer="$(sa_email "${SA_DATAFLOW}")"
access="$(read_value "" "${BQ[@]}" show --format=json "${DATASET_REF}")"
if grep -Fq "\"${writer}\"" <<<"${access}"; then
  log "    ${writer} already has access to ${DATASET_REF}"
else
  run "${BQ[@]}" --location="${BQ_LOCATION}" --format=none query --use_legacy_sql=false \
    "GRANT \`roles/bigquery.dataEditor\` ON SCHEMA \`${PROJECT_ID}.${BQ_DATASET}\` TO \"serviceAccount:${writer}\""
fi
