#!/usr/bin/env bash
# Creates the Pub/Sub topic the function publishes to and the subscription the pipeline reads.
#
# The subscription has no dead-letter topic on purpose: Dataflow acknowledges a message as soon as
# it has durably taken it in, so Pub/Sub never sees a delivery fail and a dead-letter policy would
# never fire. The pipeline writes its own dead letters, with the error, to BigQuery (dead_letter).
# Seven days of retention leave room to seek back and replay after an incident.
#
# The archive: a second subscription, of Pub/Sub's Cloud Storage type, writes every message of the
# topic (data, attributes, message id and publish time: Avro with metadata) to the bucket
# ARCHIVE_BUCKET, in objects named ARCHIVE_PREFIX + the UTC time (ARCHIVE_DATETIME_FORMAT, by hour
# by default) + a random id + ".avro". The bucket's lifecycle comes from ARCHIVE_NEARLINE_AFTER_DAYS
# and ARCHIVE_DELETE_AFTER_DAYS (0 = never) and is reapplied when they change. Pub/Sub writes as its
# service agent, which gets object creation and bucket metadata reading on that bucket only.
# docs/operations.md ("Archive") says how to read it; decision 0072 says why.
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

step "Archive: bucket gs://${ARCHIVE_BUCKET} and Cloud Storage subscription ${ARCHIVE_SUBSCRIPTION}"
for days_var in ARCHIVE_NEARLINE_AFTER_DAYS ARCHIVE_DELETE_AFTER_DAYS; do
  [[ "${!days_var}" =~ ^[0-9]+$ ]] || die "${days_var} must be a number of days (0 = never), not '${!days_var}'"
done
if exists gcloud storage buckets describe "gs://${ARCHIVE_BUCKET}" --project="${PROJECT_ID}"; then
  log "    bucket gs://${ARCHIVE_BUCKET} exists"
else
  run gcloud storage buckets create "gs://${ARCHIVE_BUCKET}" --project="${PROJECT_ID}" \
    --location="${ARCHIVE_BUCKET_LOCATION}" --uniform-bucket-level-access --public-access-prevention
fi

# The lifecycle rules, as the JSON of --lifecycle-file; empty when both settings are 0.
archive_lifecycle_rules() {
  local rules=()
  ((ARCHIVE_NEARLINE_AFTER_DAYS == 0)) || rules+=("$(printf '{"action": {"type": "SetStorageClass", "storageClass": "NEARLINE"}, "condition": {"age": %d, "matchesStorageClass": ["STANDARD"]}}' "$((10#${ARCHIVE_NEARLINE_AFTER_DAYS}))")")
  ((ARCHIVE_DELETE_AFTER_DAYS == 0)) || rules+=("$(printf '{"action": {"type": "Delete"}, "condition": {"age": %d}}' "$((10#${ARCHIVE_DELETE_AFTER_DAYS}))")")
  ((${#rules[@]})) || return 0
  local IFS=','
  printf '{"rule": [%s]}\n' "${rules[*]}"
}
# A label on the bucket holds a digest of the rules: the same settings change nothing, new ones are
# applied (unlike the other buckets' settings, which a rerun does not change).
lifecycle="$(archive_lifecycle_rules)"
lifecycle_hash="$(fingerprint "${lifecycle:-none}")"
current_hash="$(read_value "" gcloud storage buckets describe "gs://${ARCHIVE_BUCKET}" --project="${PROJECT_ID}" \
  --format='value(labels.lifecycle_hash)')"
if [[ "${current_hash}" == "${lifecycle_hash}" ]]; then
  log "    lifecycle of gs://${ARCHIVE_BUCKET} is as configured"
elif [[ -z "${lifecycle}" ]]; then
  run gcloud storage buckets update "gs://${ARCHIVE_BUCKET}" --project="${PROJECT_ID}" --clear-lifecycle \
    --update-labels="app=tweet-sentiment,lifecycle_hash=${lifecycle_hash}"
else
  if is_dry_run; then
    # Nothing is written under --dry-run: print the command that writes the file, to paste too.
    lifecycle_file="${TMPDIR:-/tmp}/archive-lifecycle.json"
    printf '%s >%q\n' "$(quote_cmd printf '%s\n' "${lifecycle}")" "${lifecycle_file}"
  else
    lifecycle_file="$(mktemp "${TMPDIR:-/tmp}/archive-lifecycle.XXXXXX.json")"
    trap 'rm -f "${lifecycle_file}"' EXIT
    printf '%s\n' "${lifecycle}" >"${lifecycle_file}"
  fi
  run gcloud storage buckets update "gs://${ARCHIVE_BUCKET}" --project="${PROJECT_ID}" \
    --lifecycle-file="${lifecycle_file}" --update-labels="app=tweet-sentiment,lifecycle_hash=${lifecycle_hash}"
fi

# Pub/Sub writes the files as its service agent: create objects, read the bucket's metadata.
project_number="$(read_value "<project number of ${PROJECT_ID}>" gcloud projects describe "${PROJECT_ID}" \
  --format='value(projectNumber)')"
[[ -n "${project_number}" ]] || die "could not read the project number of ${PROJECT_ID}"
pubsub_agent="serviceAccount:service-${project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"
ensure_binding "storage buckets" "gs://${ARCHIVE_BUCKET}" roles/storage.objectCreator "${pubsub_agent}"
ensure_binding "storage buckets" "gs://${ARCHIVE_BUCKET}" roles/storage.legacyBucketReader "${pubsub_agent}"
# Dataflow workers read the archive in a backfill (infra/backfill.sh), and write nothing there.
ensure_binding "storage buckets" "gs://${ARCHIVE_BUCKET}" roles/storage.objectViewer "$(sa_member "${SA_DATAFLOW}")"

if exists gcloud pubsub subscriptions describe "${ARCHIVE_SUBSCRIPTION}" --project="${PROJECT_ID}"; then
  log "    subscription ${ARCHIVE_SUBSCRIPTION} exists"
else
  # The bucket name without gs://; the time in object names is UTC.
  run gcloud pubsub subscriptions create "${ARCHIVE_SUBSCRIPTION}" --project="${PROJECT_ID}" --topic="${TOPIC}" \
    --cloud-storage-bucket="${ARCHIVE_BUCKET}" --cloud-storage-file-prefix="${ARCHIVE_PREFIX}" \
    --cloud-storage-file-suffix=.avro --cloud-storage-file-datetime-format="${ARCHIVE_DATETIME_FORMAT}" \
    --cloud-storage-max-duration="${ARCHIVE_MAX_DURATION}" --cloud-storage-output-format=avro \
    --cloud-storage-write-metadata --message-retention-duration=7d --expiration-period=never
fi
