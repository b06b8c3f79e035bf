#!/usr/bin/env bash
# Deploys everything, from an empty project to tweets scored into BigQuery: runs the numbered steps
# in order. Every step is idempotent, so running this again after a failure (or after a change to
# infra/config.env or a new VERSION) does only what is missing or changed. docs/deploy.md walks
# through it.
#
# The X API bearer token is needed once, when the secret has no version yet: give it with
# --token-file, X_BEARER_TOKEN_FILE in the configuration, on stdin, or at the hidden prompt.
#
# Usage: infra/deploy-all.sh [--dry-run] [--token-file FILE]
#   --token-file FILE   the X API bearer token, for step 05
#   --dry-run           print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

common=()
secret_flags=()
while (($#)); do
  case "$1" in
    --token-file)
      (($# >= 2)) || usage_error "--token-file needs a file"
      secret_flags+=(--token-file "$2")
      shift
      ;;
    --token-file=*) secret_flags+=("$1") ;;
    --dry-run) common+=(--dry-run) ;;
    *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
  esac
  shift
done
load_config # fail early, before step 01, on a missing file or setting
export VERSION # every step deploys the same version

STEPS=(
  01-apis.sh
  02-service-accounts.sh
  03-artifact-registry.sh
  04-bucket.sh
  05-secret.sh
  06-firestore.sh
  07-pubsub.sh
  08-bigquery.sh
  09-sentiment-service.sh
  10-ingest-function.sh
  11-scheduler.sh
  12-dataflow.sh
  13-monitoring.sh
)
for script in "${STEPS[@]}"; do
  flags=("${common[@]}")
  [[ "${script}" == 05-secret.sh ]] && flags+=("${secret_flags[@]}")
  "${INFRA_DIR}/${script}" "${flags[@]}" || die "step ${script} failed; fix the cause and run infra/deploy-all.sh again (finished steps change nothing the second time)"
done

if ! is_dry_run; then
  step "Done"
  log "    tweets arrive every minute; the first scored rows reach BigQuery within a few minutes:"
  log "    bq query --use_legacy_sql=false 'SELECT label, COUNT(*) FROM \`${PROJECT_ID}.${BQ_DATASET}.scored_tweets\` GROUP BY label'"
  log "    operations (monitor, update, rotate the token, replay dead letters): docs/operations.md"
fi
