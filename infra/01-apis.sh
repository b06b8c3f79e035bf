#!/usr/bin/env bash
# Enables the Google Cloud APIs the system uses (only those not enabled yet).
#
# Usage: infra/01-apis.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

APIS=(
  iam.googleapis.com                  # service accounts and their roles
  cloudresourcemanager.googleapis.com # the project's IAM policy
  serviceusage.googleapis.com         # this very step
  artifactregistry.googleapis.com     # container images: the service, the function, the template
  cloudbuild.googleapis.com           # builds the function's and the Flex Template's images
  storage.googleapis.com              # Dataflow staging and temp files, template specs
  secretmanager.googleapis.com        # the X API bearer token
  firestore.googleapis.com            # the function's since_id checkpoints
  pubsub.googleapis.com               # tweets from the function to the pipeline
  bigquery.googleapis.com             # the tables
  bigquerystorage.googleapis.com      # the Storage Write API the pipeline writes through
  run.googleapis.com                  # the sentiment service, and gen2 functions run on Cloud Run
  cloudfunctions.googleapis.com       # the ingest function
  cloudscheduler.googleapis.com       # calls the function every minute
  dataflow.googleapis.com             # the pipeline
  compute.googleapis.com              # Dataflow's worker VMs
  monitoring.googleapis.com           # dashboard and alert policies
  logging.googleapis.com              # logs of every component
)

step "APIs"
enabled="$(list_lines gcloud services list --enabled --project="${PROJECT_ID}" --format='value(config.name)')"
missing=()
for api in "${APIS[@]}"; do
  grep -Fxq "${api}" <<<"${enabled}" || missing+=("${api}")
done
if ((${#missing[@]} == 0)); then
  log "    all ${#APIS[@]} APIs are enabled"
else
  run gcloud services enable "${missing[@]}" --project="${PROJECT_ID}"
fi
