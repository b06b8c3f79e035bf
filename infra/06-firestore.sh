#!/usr/bin/env bash
# Creates the Firestore database (native mode) that holds the function's since_id checkpoints.
#
# Usage: infra/06-firestore.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

step "Firestore database ${FIRESTORE_DATABASE}"
if exists gcloud firestore databases describe --database="${FIRESTORE_DATABASE}" --project="${PROJECT_ID}"; then
  log "    database ${FIRESTORE_DATABASE} exists"
else
  run gcloud firestore databases create --database="${FIRESTORE_DATABASE}" --location="${FIRESTORE_LOCATION}" \
    --type=firestore-native --project="${PROJECT_ID}"
fi
