#!/usr/bin/env bash
# Builds the pipeline's Flex Template for VERSION (unless its spec exists in the bucket) and launches
# the streaming Dataflow job from it (unless a job of that name is active). The job reads the
# subscription, calls the Cloud Run sentiment service and writes to the BigQuery dataset.
#
# With --update, an active job is replaced in place by one from the current template (same job name,
# state kept; steps are matched by name, renamed steps need --transform-name-mapping).
#
# Usage: infra/12-dataflow.sh [--dry-run] [--update [--transform-name-mapping OLD=NEW]...]
#   --update                          replace the active job with one from template VERSION
#   --transform-name-mapping OLD=NEW  a step renamed since the running job (repeatable; with --update)
#   --dry-run                         print the commands instead of running them; nothing is changed
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

update=0
mappings=()
while (($#)); do
  case "$1" in
    --update) update=1 ;;
    --transform-name-mapping)
      (($# >= 2)) || usage_error "--transform-name-mapping needs OLD=NEW"
      mappings+=("$2")
      shift
      ;;
    --transform-name-mapping=*) mappings+=("${1#*=}") ;;
    *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
  esac
  shift
done
((${#mappings[@]} == 0 || update == 1)) || usage_error "--transform-name-mapping only applies with --update"
load_config

step "Flex Template ${TEMPLATE_GCS}"
if exists gcloud storage objects describe "${TEMPLATE_GCS}" --project="${PROJECT_ID}"; then
  log "    template spec ${TEMPLATE_GCS} exists"
else
  run "${MVN}" -B -q -f "${REPO_ROOT}/pom.xml" -pl pipeline -am package -DskipTests
  if ! is_dry_run; then
    [[ -f "${PIPELINE_JAR}" ]] || die "the build did not produce ${PIPELINE_JAR}: set PIPELINE_JAR to the pipeline's Dataflow jar"
    [[ -f "${PIPELINE_METADATA}" ]] || die "no Flex Template metadata at ${PIPELINE_METADATA}: set PIPELINE_METADATA"
  fi
  # The one jar the launcher and the workers use: the pipeline without the sentiment service.
  run gcloud dataflow flex-template build "${TEMPLATE_GCS}" --project="${PROJECT_ID}" \
    --sdk-language=JAVA --flex-template-base-image="${FLEX_TEMPLATE_BASE_IMAGE}" \
    --image-gcr-path="${TEMPLATE_IMAGE}" --jar="${PIPELINE_JAR}" \
    --env="FLEX_TEMPLATE_JAVA_MAIN_CLASS=${PIPELINE_MAIN_CLASS}" --metadata-file="${PIPELINE_METADATA}" \
    --cloud-build-service-account="projects/${PROJECT_ID}/serviceAccounts/$(sa_email "${SA_BUILD}")"
fi

step "Dataflow job ${DATAFLOW_JOB}"
endpoint="$(read_value "<URL of Cloud Run service ${SERVICE_NAME}>" gcloud run services describe "${SERVICE_NAME}" \
  --project="${PROJECT_ID}" --region="${REGION}" --format='value(status.url)')"
[[ -n "${endpoint}" ]] || die "Cloud Run service ${SERVICE_NAME} is not deployed in ${REGION}: run infra/09-sentiment-service.sh first"

parameters=(
  "inputSubscription=projects/${PROJECT_ID}/subscriptions/${SUBSCRIPTION}"
  "outputDataset=${BQ_DATASET}"
  "sentimentEndpoint=${endpoint}"
  "model=${SERVICE_MODEL}" # the model the service loads
)
add_pairs parameters "${PIPELINE_EXTRA_PARAMETERS:-}"
parameter_flag="$(gcloud_dict "${parameters[@]}")"
launch=(gcloud dataflow flex-template run "${DATAFLOW_JOB}" --project="${PROJECT_ID}" --region="${REGION}"
  --template-file-gcs-location="${TEMPLATE_GCS}"
  --service-account-email="$(sa_email "${SA_DATAFLOW}")"
  --staging-location="gs://${BUCKET}/staging" --temp-location="gs://${BUCKET}/temp"
  --worker-machine-type="${DATAFLOW_MACHINE_TYPE}"
  --num-workers="${DATAFLOW_NUM_WORKERS}" --max-workers="${DATAFLOW_MAX_WORKERS}"
  --enable-streaming-engine --additional-user-labels="app=tweet-sentiment,version=${VERSION,,}"
  --parameters="${parameter_flag}")

job_id="$(active_job_id)"
if [[ -z "${job_id}" ]]; then
  ((update == 0)) || log "    no active job ${DATAFLOW_JOB} to update: launching a new one"
  run "${launch[@]}"
elif ((update == 1)); then
  update_flags=(--update)
  if ((${#mappings[@]} > 0)); then
    mapping_flag="$(gcloud_dict "${mappings[@]}")"
    update_flags+=(--transform-name-mappings="${mapping_flag}")
  fi
  run "${launch[@]}" "${update_flags[@]}"
else
  log "    job ${DATAFLOW_JOB} is active (id ${job_id}); to replace it with template ${VERSION}: infra/12-dataflow.sh --update"
fi
