#!/usr/bin/env bash
# Creates the Docker repository in Artifact Registry that holds the sentiment service's image and
# the Flex Template's launcher image.
#
# Usage: infra/03-artifact-registry.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

step "Artifact Registry repository ${AR_REPOSITORY}"
if exists gcloud artifacts repositories describe "${AR_REPOSITORY}" --location="${REGION}" --project="${PROJECT_ID}"; then
  log "    repository ${AR_REPOSITORY} exists"
else
  run gcloud artifacts repositories create "${AR_REPOSITORY}" --location="${REGION}" --project="${PROJECT_ID}" \
    --repository-format=docker --description="tweet-sentiment images"
fi
# Dataflow: the Flex Template launcher runs as the worker account and pulls the template's image.
ensure_binding "artifacts repositories" "${AR_REPOSITORY}" roles/artifactregistry.reader \
  "$(sa_member "${SA_DATAFLOW}")" --location="${REGION}"
