#!/usr/bin/env bash
# Re-scores the tweets created in a range of days from the archive (infra/07-pubsub.sh), as a
# Dataflow batch job from the pipeline's Flex Template (infra/12-dataflow.sh builds it): the same
# graph with --backfill=true. It reads the archive's folders of each day of the range and of
# --margin-days after it (files are named by publish time, which comes after created_at: minutes
# later, or hours when the ingest function reads a gap), keeps the tweets created in the range, and
# loads one final row per window and query into the dataset. The *_latest views then show the
# backfill's rows in place of the streaming job's for those days (docs/operations.md, Backfill).
#
# FlexRS by default: about 40 % cheaper per vCPU, started within six hours. --now runs at once.
#
# Usage: infra/backfill.sh --from DATE --to DATE [--model NAME] [--margin-days N] [--now] [--dry-run]
#   --from DATE       first day of tweets to re-score, YYYY-MM-DD (UTC)
#   --to DATE         the day after the last one (exclusive), YYYY-MM-DD
#   --model NAME      the model to score with (default: SERVICE_MODEL, the one the service loads)
#   --margin-days N   archive days read after --to for tweets published late (default: 1)
#   --now             a standard batch job, started at once, instead of FlexRS
#   --dry-run         print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

from=""
to=""
model=""
margin=1
flexrs=1
while (($#)); do
  case "$1" in
    --from | --to | --model | --margin-days)
      (($# >= 2)) || usage_error "$1 needs a value"
      case "$1" in
        --from) from=$2 ;;
        --to) to=$2 ;;
        --model) model=$2 ;;
        --margin-days) margin=$2 ;;
      esac
      shift
      ;;
    --now) flexrs=0 ;;
    *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
  esac
  shift
done
day_ok() { [[ "$1" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && date -u -d "$1" +%F >/dev/null 2>&1; }
day_ok "${from}" || usage_error "--from must be a day, YYYY-MM-DD, got '${from}'"
day_ok "${to}" || usage_error "--to must be a day, YYYY-MM-DD, got '${to}'"
[[ "$(date -u -d "${from}" +%s)" -lt "$(date -u -d "${to}" +%s)" ]] || usage_error "--from (${from}) must be before --to (${to})"
[[ "${margin}" =~ ^[0-9]+$ ]] || usage_error "--margin-days must be a number of days, got '${margin}'"
load_config
: "${model:=${SERVICE_MODEL}}"
[[ "${ARCHIVE_DATETIME_FORMAT}" == YYYY/MM/DD* ]] ||
  die "ARCHIVE_DATETIME_FORMAT (${ARCHIVE_DATETIME_FORMAT}) must start with YYYY/MM/DD: the backfill reads one folder a day"

step "Backfill of the tweets created from ${from} to ${to} (exclusive), model ${model}"
exists gcloud storage objects describe "${TEMPLATE_GCS}" --project="${PROJECT_ID}" || is_dry_run ||
  die "no Flex Template at ${TEMPLATE_GCS}: run infra/12-dataflow.sh first"
endpoint="$(read_value "<URL of Cloud Run service ${SERVICE_NAME}>" gcloud run services describe "${SERVICE_NAME}" \
  --project="${PROJECT_ID}" --region="${REGION}" --format='value(status.url)')"
[[ -n "${endpoint}" ]] || die "Cloud Run service ${SERVICE_NAME} is not deployed in ${REGION}: run infra/09-sentiment-service.sh first"

# One pattern per archive day: the range, then the margin.
patterns=()
day="${from}"
last="$(date -u -d "${to} + ${margin} days" +%F)"
while [[ "${day}" != "${last}" ]]; do
  patterns+=("gs://${ARCHIVE_BUCKET}/${ARCHIVE_PREFIX}${day//-//}/**")
  day="$(date -u -d "${day} + 1 day" +%F)"
done
input="$(IFS=, && printf '%s' "${patterns[*]}")"
log "    reading ${#patterns[@]} days of gs://${ARCHIVE_BUCKET}/${ARCHIVE_PREFIX}"

parameters=(
  "backfill=true"
  "input=${input}"
  "backfillFrom=${from}"
  "backfillTo=${to}"
  "outputDataset=${BQ_DATASET}"
  "sentimentEndpoint=${endpoint}"
  "model=${model}"
  # Throughput, not latency: the service's most per request, more calls in flight per thread.
  "batchSize=256"
  "maxCallsInFlight=4"
)
add_pairs parameters "${PIPELINE_EXTRA_PARAMETERS:-}"
job="${DATAFLOW_JOB}-backfill-${from//-/}-${to//-/}"
launch=(gcloud dataflow flex-template run "${job}" --project="${PROJECT_ID}" --region="${REGION}"
  --template-file-gcs-location="${TEMPLATE_GCS}"
  --service-account-email="$(sa_email "${SA_DATAFLOW}")"
  --staging-location="gs://${BUCKET}/staging" --temp-location="gs://${BUCKET}/temp"
  --worker-machine-type="${DATAFLOW_MACHINE_TYPE}" --max-workers="${DATAFLOW_MAX_WORKERS}"
  --additional-user-labels="app=tweet-sentiment,version=${VERSION,,},run=backfill"
  --parameters="$(gcloud_dict "${parameters[@]}")")
((flexrs == 0)) || launch+=(--flexrs-goal=COST_OPTIMIZED)
run "${launch[@]}"
log "    follow it: gcloud dataflow jobs list --project=${PROJECT_ID} --region=${REGION} --filter=name:${job}"
