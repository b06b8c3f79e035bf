#!/usr/bin/env bash
# Builds the sentiment service's image with Jib (unless the tag exists) and deploys it to Cloud Run:
# private (--no-allow-unauthenticated), with the configured CPU, memory, concurrency and instances,
# a startup probe on the readiness endpoint (ready once the model is loaded) and a liveness probe.
# The deployment carries a label with a digest of its settings: a run with the same image and
# settings changes nothing; a new VERSION or a changed setting deploys a new revision.
#
# Usage: infra/09-sentiment-service.sh [--dry-run] [--force]
#   --force     deploy a new revision even if the image and settings are unchanged
#   --dry-run   print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

init_force_script "$@"

step "sentiment-service image ${SERVICE_IMAGE}"
if exists gcloud artifacts docker images describe "${SERVICE_IMAGE}" --project="${PROJECT_ID}"; then
  log "    image ${SERVICE_IMAGE} exists"
else
  # Jib pushes with gcloud's credentials through Docker's credential helper, which ships with gcloud.
  cred_helper="$(dirname "$(readlink -f "$(command -v gcloud)")")/docker-credential-gcloud"
  [[ -x "${cred_helper}" ]] || cred_helper=gcloud
  # -am builds the modules the service needs; jib.containerize keeps Jib to the service itself.
  run "${MVN}" -B -q -f "${REPO_ROOT}/pom.xml" -pl sentiment-service -am package jib:build -DskipTests \
    -Djib.containerize=io.github.tweetsentiment:sentiment-service -Djib.to.credHelper="${cred_helper}" \
    -Dimage="${SERVICE_IMAGE}"
fi

step "Cloud Run service ${SERVICE_NAME}"
env_pairs=("SENTIMENT_MODEL=${SERVICE_MODEL}")
add_pairs env_pairs "${SERVICE_ENV_EXTRA:-}"
env_vars="$(gcloud_dict "${env_pairs[@]}")"
deploy=(gcloud run deploy "${SERVICE_NAME}" --project="${PROJECT_ID}" --region="${REGION}"
  --image="${SERVICE_IMAGE}" --service-account="$(sa_email "${SA_SERVICE}")"
  --no-allow-unauthenticated --ingress=all
  --cpu="${SERVICE_CPU}" --memory="${SERVICE_MEMORY}" --concurrency="${SERVICE_CONCURRENCY}"
  --min-instances="${SERVICE_MIN_INSTANCES}" --max-instances="${SERVICE_MAX_INSTANCES}"
  --timeout="${SERVICE_TIMEOUT}" --cpu-boost
  --set-env-vars="${env_vars}"
  # Loading the model takes seconds: traffic waits for readiness, up to 2 minutes.
  --startup-probe="httpGet.path=${SERVICE_READY_PATH},periodSeconds=2,timeoutSeconds=2,failureThreshold=60"
  --liveness-probe="httpGet.path=${SERVICE_LIVE_PATH},periodSeconds=30,timeoutSeconds=5,failureThreshold=3")
hash="$(fingerprint "${deploy[@]}")"
current="$(read_value "" gcloud run services describe "${SERVICE_NAME}" --project="${PROJECT_ID}" \
  --region="${REGION}" --format='value(metadata.labels.deploy_hash)')"
if [[ "${current}" == "${hash}" ]] && ((FORCE == 0)); then
  log "    ${SERVICE_NAME} runs ${SERVICE_IMAGE} with these settings"
else
  run "${deploy[@]}" --update-labels="app=tweet-sentiment,deploy_hash=${hash}" --quiet
fi

# Dataflow workers: call the service with an ID token for its URL.
ensure_binding "run services" "${SERVICE_NAME}" roles/run.invoker "$(sa_member "${SA_DATAFLOW}")" \
  --region="${REGION}"
