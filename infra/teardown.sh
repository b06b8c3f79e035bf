#!/usr/bin/env bash
# Removes everything the deploy scripts created, in the reverse order: the scheduler job first (no
# new tweets), then the function, the Dataflow job (cancelled, or drained with --drain) and any
# backfill still running (cancelled), the Cloud Run service, the monitoring dashboard and alerts,
# Pub/Sub, the BigQuery dataset with its tables (data included), the secret, the bucket, the image
# repository, the project-level roles and the service accounts. What does not exist is skipped, so
# it can run again after a partial teardown.
#
# Left in place: the enabled APIs (other things in the project may use them), a Firestore database
# named (default) (it may hold other data; delete it yourself if it is only ours), what Google
# creates for builds (the gcf-artifacts repository, the gcf-v2-sources and _cloudbuild buckets), and
# the archive bucket with the raw tweets in it (ARCHIVE_BUCKET: they cannot be fetched again without
# paying the X API again), unless --delete-archive. Its subscription is deleted: nothing new arrives.
#
# Usage: infra/teardown.sh [--dry-run] [--yes] [--drain] [--delete-archive]
#   --yes              do not ask for confirmation (needed when stdin is not a terminal)
#   --drain            drain the Dataflow job (finish in-flight data) instead of cancelling it
#   --delete-archive   delete the archive bucket and every archived tweet too
#   --dry-run          print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

yes=0
drain=0
delete_archive=0
while (($#)); do
  case "$1" in
    --yes) yes=1 ;;
    --drain) drain=1 ;;
    --delete-archive) delete_archive=1 ;;
    *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
  esac
  shift
done
load_config

if ! is_dry_run && ((yes == 0)); then
  [[ -t 0 ]] || die "teardown deletes data: pass --yes to confirm when stdin is not a terminal"
  read -rp "This deletes the tweet-sentiment resources and data of project ${PROJECT_ID}. Type the project id to confirm: " answer
  [[ "${answer}" == "${PROJECT_ID}" ]] || die "not confirmed; nothing was deleted"
fi

P=(--project="${PROJECT_ID}")

# Whether a resource is there to delete; under --dry-run every one is, so that the output lists
# every delete command.
present() {
  is_dry_run && return 0
  probe "$@"
}

delete_if_exists() { # "<gcloud group>" name [flags...]: describe, then delete
  local -a group
  read -ra group <<<"$1"
  local name=$2
  shift 2
  if present gcloud "${group[@]}" describe "${name}" "$@" "${P[@]}"; then
    run gcloud "${group[@]}" delete "${name}" "$@" "${P[@]}" --quiet
  else
    log "    ${group[*]} ${name}: not found"
  fi
}

step "Cloud Scheduler job ${SCHEDULER_JOB}"
delete_if_exists "scheduler jobs" "${SCHEDULER_JOB}" --location="${REGION}"

step "Cloud Function ${FUNCTION_NAME}"
delete_if_exists functions "${FUNCTION_NAME}" --region="${REGION}"

step "Dataflow jobs ${DATAFLOW_JOB} and its backfills"
# Stops a job and waits until it no longer uses the subscription and the dataset, which go next.
stop_job() { # verb id
  run gcloud dataflow jobs "$1" "$2" "${P[@]}" --region="${REGION}"
  is_dry_run && return 0
  local state=""
  for _ in $(seq 1 120); do
    state="$(gcloud dataflow jobs describe "$2" "${P[@]}" --region="${REGION}" --format='value(currentState)')"
    case "${state}" in JOB_STATE_CANCELLED | JOB_STATE_DRAINED | JOB_STATE_DONE | JOB_STATE_FAILED) return 0 ;; esac
    log "    job $2 is ${state}; waiting"
    sleep 15
  done
  die "job $2 did not stop within 30 minutes (state ${state}); run teardown again once it has"
}
job_id="$(active_job_id)"
if [[ -n "${job_id}" ]]; then
  verb=cancel
  ((drain == 0)) || verb=drain
  stop_job "${verb}" "${job_id}"
elif is_dry_run; then
  run gcloud dataflow jobs cancel "<id of active job ${DATAFLOW_JOB}>" "${P[@]}" --region="${REGION}"
else
  log "    no active job ${DATAFLOW_JOB}"
fi
# A backfill still running (infra/backfill.sh names it DATAFLOW_JOB-backfill-FROM-TO) would go on
# paying for workers and then fail on the deleted dataset: cancelled too (a batch job has no drain).
active="$(list_lines gcloud dataflow jobs list "${P[@]}" --region="${REGION}" --status=active --format='value(id,name)')"
while IFS=$'\t' read -r id name; do
  if [[ -n "${id}" && "${name}" == "${DATAFLOW_JOB}-backfill-"* ]]; then stop_job cancel "${id}"; fi
done <<<"${active}"

step "Cloud Run service ${SERVICE_NAME}"
delete_if_exists "run services" "${SERVICE_NAME}" --region="${REGION}"

step "Monitoring dashboard and alert policies"
# What 13-monitoring.sh created: the dashboard and policies named as its files render.
delete_monitoring() { # "<gcloud group>" template...
  local -a group
  read -ra group <<<"$1"
  shift
  local listed template wanted name display
  listed="$(list_lines gcloud "${group[@]}" list "${P[@]}" --format='value(name,displayName)')"
  for template in "$@"; do
    wanted="$(monitoring_display_name "${template}")"
    if is_dry_run; then run gcloud "${group[@]}" delete "<the one named \"${wanted}\">" "${P[@]}" --quiet; fi
    while IFS=$'\t' read -r name display; do
      if [[ -n "${name}" && "${display}" == "${wanted}" ]]; then
        run gcloud "${group[@]}" delete "${name}" "${P[@]}" --quiet
      fi
    done <<<"${listed}"
  done
}
delete_monitoring "monitoring dashboards" "${INFRA_DIR}/monitoring/dashboard.json"
delete_monitoring "alpha monitoring policies" "${INFRA_DIR}"/monitoring/alert-*.json
for metric in "${INFRA_DIR}"/monitoring/log-metrics/*.json; do
  delete_if_exists "logging metrics" "$(basename "${metric}" .json)"
done

step "Pub/Sub"
delete_if_exists "pubsub subscriptions" "${SUBSCRIPTION}"
delete_if_exists "pubsub subscriptions" "${ARCHIVE_SUBSCRIPTION}"
delete_if_exists "pubsub topics" "${TOPIC}"

step "BigQuery dataset ${PROJECT_ID}:${BQ_DATASET}"
BQ=(bq --headless --project_id="${PROJECT_ID}")
if present "${BQ[@]}" show --format=none "${PROJECT_ID}:${BQ_DATASET}"; then
  run "${BQ[@]}" rm -r -f -d "${PROJECT_ID}:${BQ_DATASET}"
else
  log "    dataset ${BQ_DATASET}: not found"
fi

step "Firestore database ${FIRESTORE_DATABASE}"
if [[ "${FIRESTORE_DATABASE}" == "(default)" ]]; then
  log "    left in place: (default) may hold other data. If it holds only the checkpoints:"
  log "    gcloud firestore databases delete --database='(default)' --project=${PROJECT_ID}"
elif present gcloud firestore databases describe --database="${FIRESTORE_DATABASE}" "${P[@]}"; then
  run gcloud firestore databases delete --database="${FIRESTORE_DATABASE}" "${P[@]}" --quiet
else
  log "    database ${FIRESTORE_DATABASE}: not found"
fi

step "Secret ${SECRET_NAME}"
delete_if_exists secrets "${SECRET_NAME}"

delete_bucket() { # bucket
  if present gcloud storage buckets describe "gs://$1" "${P[@]}"; then
    run gcloud storage rm --recursive "gs://$1" "${P[@]}"
  else
    log "    bucket gs://$1: not found"
  fi
}

step "Bucket gs://${BUCKET}"
delete_bucket "${BUCKET}"

step "Archive bucket gs://${ARCHIVE_BUCKET}"
if ((delete_archive == 0)); then
  log "    kept, with the archived tweets (delete it with --delete-archive, or: gcloud storage rm --recursive gs://${ARCHIVE_BUCKET})"
else
  delete_bucket "${ARCHIVE_BUCKET}"
fi

step "Artifact Registry repository ${AR_REPOSITORY}"
delete_if_exists "artifacts repositories" "${AR_REPOSITORY}" --location="${REGION}"

step "Project-level roles and service accounts"
remove_project_role() { # service-account role
  local member role=$2 policy
  member="$(sa_member "$1")"
  policy="$(list_lines gcloud projects get-iam-policy "${PROJECT_ID}" "${P[@]}" \
    --flatten='bindings[].members' --format='value(bindings.role,bindings.members)')"
  if is_dry_run || grep -Fxq "${role}"$'\t'"${member}" <<<"${policy}"; then
    run gcloud projects remove-iam-policy-binding "${PROJECT_ID}" "${P[@]}" --member="${member}" --role="${role}" \
      --condition=None --quiet --format=none
  fi
}
remove_project_role "${SA_DATAFLOW}" roles/dataflow.worker
remove_project_role "${SA_DATAFLOW}" roles/bigquery.jobUser
remove_project_role "${SA_INGEST}" roles/datastore.user
remove_project_role "${SA_BUILD}" roles/cloudbuild.builds.builder
for sa in "${SA_INGEST}" "${SA_SERVICE}" "${SA_DATAFLOW}" "${SA_SCHEDULER}" "${SA_BUILD}"; do
  delete_if_exists "iam service-accounts" "$(sa_email "${sa}")"
done

if ! is_dry_run; then
  step "Done"
  log "    teardown of ${PROJECT_ID} complete (APIs left enabled)"
fi
