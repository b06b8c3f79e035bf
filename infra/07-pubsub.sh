#!/usr/bin/env bash
# Creates the Pub/Sub topic the function publishes to and the subscription the pipeline reads.
#
# The subscription has no dead-letter topic on purpose: Dataflow acknowledges a message as soon as
# it has durably taken it in, so Pub/Sub never sees a delivery fail and a dead-letter policy would
# never fire. The pipeline writes its own dead letters, with the error, to BigQuery (dead_letter).
# Seven days of retention leave room to seek back and replay after an incident.
#
# Usage: infra/07-pubsub.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

step "Pub/Sub topic ${TOPIC} and subscription ${SUBSCRIPTION}"
if exists gcloud pubsub topics describe "${TOPIC}" --project="${PROJECT_ID}"; then
  log "    topic ${TOPIC} exists"
else
  run gcloud pubsub topics create "${TOPIC}" --project="${PROJECT_ID}"
fi
if exists gcloud pubsub subscriptions describe "${SUBSCRIPTION}" --project="${PROJECT_ID}"; then
  log "    subscription ${SUBSCRIPTION} exists"
else
  run gcloud pubsub subscriptions create "${SUBSCRIPTION}" --project="${PROJECT_ID}" --topic="${TOPIC}" \
    --ack-deadline=60 --message-retention-duration=7d --expiration-period=never
fi
# Ingest function: publish one message per tweet, to this topic only.
ensure_binding "pubsub topics" "${TOPIC}" roles/pubsub.publisher "$(sa_member "${SA_INGEST}")"
# Dataflow: pull and acknowledge messages of this subscription only.
ensure_binding "pubsub subscriptions" "${SUBSCRIPTION}" roles/pubsub.subscriber "$(sa_member "${SA_DATAFLOW}")"
# Dataflow: read the subscription's settings when the job starts (pubsub.subscriptions.get).
ensure_binding "pubsub subscriptions" "${SUBSCRIPTION}" roles/pubsub.viewer "$(sa_member "${SA_DATAFLOW}")"
