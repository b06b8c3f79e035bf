#!/usr/bin/env bash
# Republishes dead letters of the parse or score stage to the Pub/Sub topic, with their original
# attributes, once their cause is fixed (a parser fix deployed, the sentiment service back...). The
# pipeline takes them in as new messages. Rows of the write_* stages hold a BigQuery row, not a
# tweet, so they cannot be replayed this way (docs/operations.md says what to do with them).
#
# The pipeline drops a tweet id it still remembers, until tweets created one to two dedup horizons
# later have come by (--dedupHorizonMinutes, 60 by default): by default only failures older than two
# hours are replayed, or they could count as duplicates. Needs jq.
#
# Usage: infra/replay-dead-letters.sh --since TIME [--until TIME] [--stage score|parse]... [--limit N] [--dry-run]
#   --since TIME   replay failures at or after TIME, a BigQuery timestamp such as '2026-11-25 10:00:00'
#                  (UTC) or '2026-11-25T10:00:00+01:00'
#   --until TIME   and before TIME (default: two hours ago, past twice the dedup horizon)
#   --stage S      a stage to replay: score or parse (repeatable; default: score)
#   --limit N      publish at most N messages (default: 1000)
#   --dry-run      print the publish commands instead of running them; nothing is published
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

since=""
until=""
stages=()
limit=1000
while (($#)); do
  case "$1" in
    --since | --until | --stage | --limit)
      (($# >= 2)) || usage_error "$1 needs a value"
      case "$1" in
        --since) since=$2 ;;
        --until) until=$2 ;;
        --stage) stages+=("$2") ;;
        --limit) limit=$2 ;;
      esac
      shift
      ;;
    *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
  esac
  shift
done
[[ -n "${since}" ]] || usage_error "--since is required: the start of the failures to replay"
[[ "${limit}" =~ ^[1-9][0-9]*$ ]] || usage_error "--limit must be a positive number, got '${limit}'"
((${#stages[@]} > 0)) || stages=(score)
for stage in "${stages[@]}"; do
  case "${stage}" in
    score | parse) ;;
    *) usage_error "cannot replay stage '${stage}': only score and parse dead letters hold the original message" ;;
  esac
done
command -v jq >/dev/null 2>&1 || die "jq is needed to read the dead letters: install it (apt-get install jq, brew install jq)"
load_config

until_condition='failed_at < TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 120 MINUTE)'
[[ -z "${until}" ]] || until_condition='failed_at < TIMESTAMP(@until)'
stage_list="$(printf '"%s",' "${stages[@]}")"
query="SELECT SAFE_CONVERT_BYTES_TO_STRING(payload_bytes) AS data, attributes"
query+=" FROM \`${PROJECT_ID}.${BQ_DATASET}.dead_letter\`"
query+=" WHERE failed_at >= TIMESTAMP(@since) AND ${until_condition} AND stage IN UNNEST(@stages)"
# A payload cut to its first MiB cannot be republished as it was.
query+=" AND NOT IFNULL(payload_truncated, FALSE)"
query+=" ORDER BY failed_at LIMIT @limit"

step "Dead letters of stage ${stages[*]} since ${since}${until:+ until ${until}}"
# The query only reads, so it runs under --dry-run too: the printed commands are the real ones.
parameters=(--parameter="since:STRING:${since}" --parameter="stages:ARRAY<STRING>:[${stage_list%,}]"
  --parameter="limit:INT64:${limit}")
[[ -z "${until}" ]] || parameters+=(--parameter="until:STRING:${until}")
rows="$(DRY_RUN=0 list_lines bq --headless --quiet --project_id="${PROJECT_ID}" --location="${BQ_LOCATION}" \
  query --use_legacy_sql=false --format=json --max_rows="${limit}" "${parameters[@]}" "${query}")"
[[ -n "${rows}" ]] || rows='[]'

published=0
skipped=0
while IFS= read -r row; do
  data="$(jq -r '.data // empty' <<<"${row}")"
  if [[ -z "${data}" ]]; then
    skipped=$((skipped + 1)) # not valid UTF-8: it would fail to parse again
    continue
  fi
  mapfile -t pairs < <(jq -r '.attributes[]? | "\(.key)=\(.value // "")"' <<<"${row}")
  attribute_flag=()
  if ((${#pairs[@]} > 0)); then
    attributes="$(gcloud_dict "${pairs[@]}")"
    attribute_flag=(--attribute="${attributes}")
  fi
  run gcloud pubsub topics publish "${TOPIC}" --project="${PROJECT_ID}" --message="${data}" "${attribute_flag[@]}" \
    --format=none
  published=$((published + 1))
done < <(jq -c '.[]' <<<"${rows}")

verb=published
is_dry_run && verb="to publish"
log "    ${published} message(s) ${verb} to ${TOPIC}; ${skipped} skipped (payload not valid UTF-8)"
