#!/usr/bin/env bash
# Builds the ingest function's jar and deploys it as a 2nd gen Cloud Function: HTTP-triggered,
# private (only the scheduler's account may invoke it), at most one instance so that two polls never
# overlap, the X bearer token mapped from Secret Manager (latest version, read at cold start).
# The deployment carries a label with a digest of its settings: a run with the same VERSION and
# settings changes nothing (and builds nothing).
#
# Usage: infra/10-ingest-function.sh [--dry-run] [--force]
#   --force     build and deploy even if nothing changed: new instances read the latest token
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

init_force_script "$@"
require_vars X_QUERY

step "Cloud Function ${FUNCTION_NAME}"
env_pairs=(
  "X_QUERY=${X_QUERY}"
  "X_API_BASE_URL=${X_API_BASE_URL}"
  "X_POSTS_PER_DAY=${X_POSTS_PER_DAY}"
  "X_POSTS_PER_MONTH=${X_POSTS_PER_MONTH}"
  "X_USERS_PER_DAY=${X_USERS_PER_DAY}"
  "X_USERS_PER_MONTH=${X_USERS_PER_MONTH}"
  "PUBSUB_TOPIC=projects/${PROJECT_ID}/topics/${TOPIC}"
  "CHECKPOINT_STORE=firestore"
  "FIRESTORE_DATABASE=${FIRESTORE_DATABASE}"
)
add_pairs env_pairs "${FUNCTION_ENV_EXTRA:-}"
env_vars="$(gcloud_dict "${env_pairs[@]}")"
deploy=(gcloud functions deploy "${FUNCTION_NAME}" --gen2 --project="${PROJECT_ID}" --region="${REGION}"
  --runtime="${FUNCTION_RUNTIME}" --entry-point="${FUNCTION_ENTRY_POINT}" --trigger-http
  --no-allow-unauthenticated --ingress-settings=all
  --run-service-account="$(sa_email "${SA_INGEST}")"
  --build-service-account="projects/${PROJECT_ID}/serviceAccounts/$(sa_email "${SA_BUILD}")"
  # One instance, one request at a time: the scheduler's next call waits instead of polling twice.
  --max-instances=1 --concurrency=1 --memory="${FUNCTION_MEMORY}" --timeout="${FUNCTION_TIMEOUT}"
  --set-env-vars="${env_vars}"
  --set-secrets="X_BEARER_TOKEN=${SECRET_NAME}:latest")
# VERSION stands for the code: the digest covers it and every setting, not the build's temp path.
hash="$(fingerprint "${VERSION}" "${deploy[@]}")"
current="$(read_value "" gcloud functions describe "${FUNCTION_NAME}" --project="${PROJECT_ID}" \
  --region="${REGION}" --format='value(labels.deploy_hash)')"
if [[ "${current}" == "${hash}" ]] && ((FORCE == 0)); then
  log "    ${FUNCTION_NAME} runs version ${VERSION} with these settings"
  exit 0
fi

run "${MVN}" -B -q -f "${REPO_ROOT}/pom.xml" -pl ingest-function -am package -DskipTests
# A Java function deploys from a directory holding only its uber jar (no pom.xml, so Cloud Build
# does not try to resolve this project's modules, which are not on Maven Central).
if is_dry_run; then
  source_dir="<temporary directory holding $(basename "${FUNCTION_JAR}")>"
else
  [[ -f "${FUNCTION_JAR}" ]] || die "the build did not produce ${FUNCTION_JAR}: set FUNCTION_JAR to the function's uber jar"
  source_dir="$(mktemp -d)"
  trap 'rm -rf "${source_dir}"' EXIT
  cp "${FUNCTION_JAR}" "${source_dir}/"
fi
run "${deploy[@]}" --source="${source_dir}" --update-labels="app=tweet-sentiment,deploy_hash=${hash}" --quiet
