#!/usr/bin/env bash
# Lets the scheduler's service account invoke the function, and creates the Cloud Scheduler job that
# calls it every minute with an OIDC token of that account (audience: the function's URL).
# Failed calls are not retried: the next minute's call polls again from the same checkpoint.
#
# Usage: infra/11-scheduler.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

step "Cloud Scheduler job ${SCHEDULER_JOB}"
# A 2nd gen function is served by a Cloud Run service: invoking it is run.invoker on that service.
function_info="$(read_value "projects/${PROJECT_ID}/locations/${REGION}/services/${FUNCTION_NAME}"$'\t'"<URL of function ${FUNCTION_NAME}>" \
  gcloud functions describe "${FUNCTION_NAME}" --project="${PROJECT_ID}" --region="${REGION}" \
  --format='value(serviceConfig.service,serviceConfig.uri)')"
IFS=$'\t' read -r function_service function_url <<<"${function_info}"
[[ -n "${function_url:-}" ]] || die "function ${FUNCTION_NAME} is not deployed in ${REGION}: run infra/10-ingest-function.sh first"

# Scheduler: invoke the function, and nothing else.
ensure_binding "run services" "${function_service##*/}" roles/run.invoker "$(sa_member "${SA_SCHEDULER}")" \
  --region="${REGION}"

if exists gcloud scheduler jobs describe "${SCHEDULER_JOB}" --location="${REGION}" --project="${PROJECT_ID}"; then
  log "    job ${SCHEDULER_JOB} exists"
else
  run gcloud scheduler jobs create http "${SCHEDULER_JOB}" --location="${REGION}" --project="${PROJECT_ID}" \
    --schedule="${SCHEDULE}" --time-zone="${SCHEDULER_TIME_ZONE}" \
    --uri="${function_url}" --http-method=POST \
    --oidc-service-account-email="$(sa_email "${SA_SCHEDULER}")" --oidc-token-audience="${function_url}" \
    --attempt-deadline="${FUNCTION_TIMEOUT}" --max-retry-attempts=0 \
    --description="Polls the X API for new tweets (tweet-sentiment)"
fi
