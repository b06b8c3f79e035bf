#!/usr/bin/env bash
# Creates one service account per component and grants the roles that can only be granted on the
# project. Roles on single resources (a topic, a secret, a bucket...) are granted by the step that
# creates the resource. The table of every role and its reason is in docs/deploy.md.
#
# Usage: infra/02-service-accounts.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

ensure_service_account() { # name display-name description
  local name=$1 display=$2 description=$3
  if exists gcloud iam service-accounts describe "$(sa_email "${name}")" --project="${PROJECT_ID}"; then
    log "    service account ${name} exists"
  else
    run gcloud iam service-accounts create "${name}" --project="${PROJECT_ID}" \
      --display-name="${display}" --description="${description}"
  fi
}

step "Service accounts"
ensure_service_account "${SA_INGEST}" "tweet-sentiment ingest function" \
  "Runs the function that polls the X API and publishes tweets to Pub/Sub"
ensure_service_account "${SA_SERVICE}" "tweet-sentiment sentiment service" \
  "Runs the Cloud Run sentiment service; holds no roles"
ensure_service_account "${SA_DATAFLOW}" "tweet-sentiment Dataflow workers" \
  "Runs the Dataflow workers and the Flex Template launcher of the sentiment pipeline"
ensure_service_account "${SA_SCHEDULER}" "tweet-sentiment scheduler" \
  "Identity of Cloud Scheduler's OIDC token when it calls the ingest function"
ensure_service_account "${SA_BUILD}" "tweet-sentiment builds" \
  "Runs the Cloud Build builds of the function's and the Flex Template's images"

step "Project-level roles"
# Dataflow workers: lease and report work items, write job metrics and logs. Granted on the
# project because Dataflow has no finer resource.
ensure_binding projects "${PROJECT_ID}" roles/dataflow.worker "$(sa_member "${SA_DATAFLOW}")"
# Dataflow workers of a backfill: run the BigQuery load jobs that write its rows (jobs are created
# in a project; the rows still go only to the dataset the account can edit).
ensure_binding projects "${PROJECT_ID}" roles/bigquery.jobUser "$(sa_member "${SA_DATAFLOW}")"
# Ingest function: read and write its since_id checkpoints in Firestore (transactions). Firestore
# permissions are granted on the project.
ensure_binding projects "${PROJECT_ID}" roles/datastore.user "$(sa_member "${SA_INGEST}")"
# Cloud Build: fetch the uploaded sources, write build logs, push the built images to Artifact
# Registry. Replaces the default Compute Engine account, which new projects no longer trust for builds.
ensure_binding projects "${PROJECT_ID}" roles/cloudbuild.builds.builder "$(sa_member "${SA_BUILD}")"
