#!/usr/bin/env bash
# Creates the Cloud Storage bucket for Dataflow's staging and temp files and the Flex Template specs.
#
# Usage: infra/04-bucket.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

step "Bucket gs://${BUCKET}"
if exists gcloud storage buckets describe "gs://${BUCKET}" --project="${PROJECT_ID}"; then
  log "    bucket gs://${BUCKET} exists"
else
  run gcloud storage buckets create "gs://${BUCKET}" --project="${PROJECT_ID}" --location="${BUCKET_LOCATION}" \
    --uniform-bucket-level-access --public-access-prevention
fi
# Dataflow: stage the job's files, write and delete temp files, read the template spec at launch.
ensure_binding "storage buckets" "gs://${BUCKET}" roles/storage.objectAdmin "$(sa_member "${SA_DATAFLOW}")"
