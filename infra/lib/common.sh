# Shared by every infra script: configuration, dry-run, idempotence checks and IAM bindings.
# Source it; do not run it. Needs bash 4.4+ (Cloud Shell has it; on macOS: brew install bash).
# shellcheck shell=bash disable=SC2034  # the variables set here are read by the sourcing scripts

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  echo "error: these scripts need bash 4.4 or newer (this is ${BASH_VERSION}); on macOS: brew install bash" >&2
  exit 1
fi

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${INFRA_DIR}/.." && pwd)"
DRY_RUN="${DRY_RUN:-0}"

# Every setting the scripts read, in one list: values already in the environment win over the file,
# so `VERSION=abc infra/deploy-all.sh` works without editing it.
CONFIG_KEYS=(
  PROJECT_ID REGION X_QUERY VERSION
  SA_INGEST SA_SERVICE SA_DATAFLOW SA_SCHEDULER SA_BUILD
  AR_REPOSITORY BUCKET BUCKET_LOCATION
  SECRET_NAME X_BEARER_TOKEN_FILE
  FIRESTORE_DATABASE FIRESTORE_LOCATION
  TOPIC SUBSCRIPTION
  ARCHIVE_BUCKET ARCHIVE_BUCKET_LOCATION ARCHIVE_SUBSCRIPTION ARCHIVE_PREFIX ARCHIVE_DATETIME_FORMAT
  ARCHIVE_MAX_DURATION ARCHIVE_NEARLINE_AFTER_DAYS ARCHIVE_DELETE_AFTER_DAYS
  BQ_DATASET BQ_LOCATION BQ_SCHEMA_DIR
  SERVICE_NAME SERVICE_MODEL SERVICE_CPU SERVICE_MEMORY SERVICE_CONCURRENCY
  SERVICE_MIN_INSTANCES SERVICE_MAX_INSTANCES SERVICE_TIMEOUT SERVICE_READY_PATH SERVICE_LIVE_PATH
  SERVICE_ENV_EXTRA
  FUNCTION_NAME FUNCTION_ENTRY_POINT FUNCTION_RUNTIME FUNCTION_MEMORY FUNCTION_TIMEOUT FUNCTION_JAR
  X_API_BASE_URL X_POSTS_PER_DAY X_POSTS_PER_MONTH X_USERS_PER_DAY X_USERS_PER_MONTH
  X_SPEND_ALERT_USD_PER_DAY FUNCTION_ENV_EXTRA
  SCHEDULER_JOB SCHEDULE SCHEDULER_TIME_ZONE
  DATAFLOW_JOB DATAFLOW_MACHINE_TYPE DATAFLOW_NUM_WORKERS DATAFLOW_MAX_WORKERS
  PIPELINE_JAR PIPELINE_MAIN_CLASS PIPELINE_METADATA FLEX_TEMPLATE_BASE_IMAGE PIPELINE_EXTRA_PARAMETERS
  ALERT_NOTIFICATION_CHANNELS
  MVN
)

log() { printf '%s\n' "$*" >&2; }
step() { log "" && log "==> $*"; }
die() {
  log "error: $*"
  exit 1
}
is_dry_run() { [[ "${DRY_RUN}" == 1 ]]; }

# Prints a command so that it can be pasted back into a shell.
quote_cmd() {
  local out="" arg
  for arg in "$@"; do out+="$(printf '%q' "${arg}") "; done
  printf '%s\n' "${out% }"
}

# The common flags of every script. Usage: parse_common_flag "$1" || <script-specific flags>.
# Sets DRY_RUN for --dry-run, prints the script's usage (the comment block at its top) for --help.
parse_common_flag() {
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) return 1 ;;
  esac
}

# The comment block at the top of the calling script, without the shebang and the leading "# ".
usage() {
  sed -n '2,/^[^#]/{/^#/!q;s/^# \{0,1\}//;p;}' "$0"
}

usage_error() {
  log "error: $*"
  log "run $(basename "$0") --help for the options"
  exit 2
}

load_config() {
  CONFIG_FILE="${INFRA_CONFIG:-${INFRA_DIR}/config.env}"
  [[ -f "${CONFIG_FILE}" ]] ||
    die "no configuration at ${CONFIG_FILE}: copy infra/config.env.example to infra/config.env and set PROJECT_ID and REGION (or point INFRA_CONFIG at your file)"

  local key saved=()
  for key in "${CONFIG_KEYS[@]}"; do
    [[ -n "${!key:-}" ]] && saved+=("${key}=${!key}")
  done
  # shellcheck source=/dev/null
  source "${CONFIG_FILE}"
  local pair
  for pair in "${saved[@]}"; do printf -v "${pair%%=*}" '%s' "${pair#*=}"; done

  require_vars PROJECT_ID REGION
  set_defaults
}

set_defaults() {
  if [[ -z "${VERSION:-}" ]]; then VERSION="$(default_version)"; fi
  : "${SA_INGEST:=ts-ingest}" "${SA_SERVICE:=ts-sentiment}" "${SA_DATAFLOW:=ts-dataflow}"
  : "${SA_SCHEDULER:=ts-scheduler}" "${SA_BUILD:=ts-build}"
  : "${AR_REPOSITORY:=tweet-sentiment}"
  : "${BUCKET:=${PROJECT_ID}-tweet-sentiment}" "${BUCKET_LOCATION:=${REGION}}"
  : "${SECRET_NAME:=x-bearer-token}"
  : "${FIRESTORE_DATABASE:=(default)}" "${FIRESTORE_LOCATION:=${REGION}}"
  : "${TOPIC:=tweets}" "${SUBSCRIPTION:=tweets-dataflow}"
  : "${ARCHIVE_BUCKET:=${PROJECT_ID}-tweet-archive}" "${ARCHIVE_BUCKET_LOCATION:=${BUCKET_LOCATION}}"
  : "${ARCHIVE_SUBSCRIPTION:=tweets-archive}" "${ARCHIVE_PREFIX:=tweets/}"
  : "${ARCHIVE_DATETIME_FORMAT:=YYYY/MM/DD/hh/mm_ssZ}" "${ARCHIVE_MAX_DURATION:=5m}"
  : "${ARCHIVE_NEARLINE_AFTER_DAYS:=30}" "${ARCHIVE_DELETE_AFTER_DAYS:=0}"
  : "${BQ_DATASET:=tweet_sentiment}" "${BQ_LOCATION:=${REGION}}" "${BQ_SCHEMA_DIR:=${INFRA_DIR}/bigquery}"
  : "${SERVICE_NAME:=sentiment-service}" "${SERVICE_MODEL:=accurate}" "${SERVICE_CPU:=2}" "${SERVICE_MEMORY:=2Gi}"
  : "${SERVICE_CONCURRENCY:=8}" "${SERVICE_MIN_INSTANCES:=1}" "${SERVICE_MAX_INSTANCES:=5}" "${SERVICE_TIMEOUT:=60s}"
  : "${SERVICE_READY_PATH:=/health/ready}" "${SERVICE_LIVE_PATH:=/health/live}"
  : "${FUNCTION_NAME:=ingest-tweets}" "${FUNCTION_ENTRY_POINT:=io.github.tweetsentiment.ingest.IngestFunction}"
  : "${FUNCTION_RUNTIME:=java17}" "${FUNCTION_MEMORY:=512Mi}" "${FUNCTION_TIMEOUT:=120s}"
  : "${FUNCTION_JAR:=${REPO_ROOT}/ingest-function/target/deploy/ingest-function.jar}"
  : "${X_API_BASE_URL:=https://api.x.com}"
  : "${X_POSTS_PER_DAY:=5000}" "${X_POSTS_PER_MONTH:=50000}" "${X_USERS_PER_DAY:=5000}" "${X_USERS_PER_MONTH:=50000}"
  : "${X_SPEND_ALERT_USD_PER_DAY:=20}"
  : "${SCHEDULER_JOB:=ingest-tweets-every-minute}" "${SCHEDULE:=* * * * *}" "${SCHEDULER_TIME_ZONE:=Etc/UTC}"
  : "${DATAFLOW_JOB:=tweet-sentiment}" "${DATAFLOW_MACHINE_TYPE:=n1-standard-2}"
  : "${DATAFLOW_NUM_WORKERS:=1}" "${DATAFLOW_MAX_WORKERS:=3}"
  : "${PIPELINE_JAR:=${REPO_ROOT}/pipeline/target/sentiment-pipeline-dataflow.jar}"
  : "${PIPELINE_MAIN_CLASS:=io.github.tweetsentiment.pipeline.SentimentPipeline}"
  : "${PIPELINE_METADATA:=${REPO_ROOT}/pipeline/src/main/flex-template/metadata.json}"
  : "${FLEX_TEMPLATE_BASE_IMAGE:=JAVA17}"
  : "${MVN:=${REPO_ROOT}/mvnw}"

  # Paths in the file are relative to the repository root.
  local var
  for var in FUNCTION_JAR PIPELINE_JAR PIPELINE_METADATA BQ_SCHEMA_DIR MVN; do
    [[ "${var}" == MVN && "${MVN}" != */* ]] && continue # a command on PATH, such as mvn
    [[ "${!var}" == /* ]] || printf -v "${var}" '%s/%s' "${REPO_ROOT}" "${!var#./}"
  done

  IMAGE_REGISTRY="${REGION}-docker.pkg.dev/${PROJECT_ID}/${AR_REPOSITORY}"
  SERVICE_IMAGE="${IMAGE_REGISTRY}/sentiment-service:${VERSION}"
  TEMPLATE_IMAGE="${IMAGE_REGISTRY}/sentiment-pipeline-template:${VERSION}"
  TEMPLATE_GCS="gs://${BUCKET}/templates/sentiment-pipeline-${VERSION}.json"
}

# The git commit the artifacts are built from: images, templates and deploy labels carry it.
default_version() {
  local sha
  sha="$(git -C "${REPO_ROOT}" rev-parse --short=12 HEAD 2>/dev/null)" ||
    die "VERSION is not set and ${REPO_ROOT} is not a git checkout: set VERSION in ${CONFIG_FILE}"
  if ! git -C "${REPO_ROOT}" diff --quiet HEAD -- 2>/dev/null; then sha+="-dirty"; fi
  printf '%s\n' "${sha}"
}

require_vars() {
  local var
  for var in "$@"; do
    [[ -n "${!var:-}" ]] ||
      die "${var} is not set: set it in ${CONFIG_FILE:-infra/config.env} (see infra/config.env.example for what it means)"
  done
}

sa_email() { printf '%s@%s.iam.gserviceaccount.com\n' "$1" "${PROJECT_ID}"; }
sa_member() { printf 'serviceAccount:%s\n' "$(sa_email "$1")"; }

# A command that changes something: printed under --dry-run, logged and run otherwise.
run() {
  if is_dry_run; then
    quote_cmd "$@"
  else
    log "+ $(quote_cmd "$@")"
    "$@"
  fi
}

# Like run, with the first argument fed to the command's stdin. The value is never printed: use it
# for secrets.
run_with_stdin() {
  local input=$1
  shift
  if is_dry_run; then
    printf '%s  # value on stdin, not shown\n' "$(quote_cmd "$@")"
  else
    log "+ $(quote_cmd "$@")  # value on stdin, not shown"
    printf '%s' "${input}" | "$@"
  fi
}

# Messages by which gcloud and bq say that a resource does not exist.
NOT_FOUND_PATTERN='not[ _]found|does not exist|cannot find|matched no objects|404'

# Runs a read-only command once. Returns 0 with its output in PROBE_OUT when it succeeds, 1 when it
# says the resource does not exist, and stops the script on any other error (permission denied, no
# credentials...) rather than take it for "absent" and create a duplicate.
probe() {
  local err_file rc=0 err
  err_file="$(mktemp)"
  PROBE_OUT="$("$@" 2>"${err_file}")" || rc=$?
  err="$(<"${err_file}")"
  rm -f "${err_file}"
  ((rc == 0)) && return 0
  grep -Eiq "${NOT_FOUND_PATTERN}" <<<"${err}${PROBE_OUT}" && return 1
  die "could not check whether a resource exists with: $(quote_cmd "$@")"$'\n'"${err}${PROBE_OUT}"
}

# Succeeds when a describe/show command finds the resource. Under --dry-run nothing is called and
# every resource counts as absent, so the output is the full list of commands a fresh project needs.
exists() {
  is_dry_run && return 1
  probe "$@"
}

# Output of a describe command, empty when the resource does not exist; under --dry-run the first
# argument (a placeholder) instead.
read_value() {
  local placeholder=$1
  shift
  if is_dry_run; then
    printf '%s\n' "${placeholder}"
  elif probe "$@"; then
    printf '%s\n' "${PROBE_OUT}"
  fi
}

# Output of a read-only list command; empty under --dry-run. Stops the script if the command fails.
list_lines() {
  is_dry_run && return 0
  local out
  out="$("$@")" || die "command failed: $(quote_cmd "$@")"
  printf '%s\n' "${out}"
}

# Grants ROLE to MEMBER on a resource unless the policy already has that binding.
#   ensure_binding "<gcloud command group>" RESOURCE ROLE MEMBER [flags for both calls...]
#   ensure_binding "pubsub topics" tweets roles/pubsub.publisher serviceAccount:...
ensure_binding() {
  local -a group
  read -ra group <<<"$1"
  local resource=$2 role=$3 member=$4
  shift 4
  local policy
  policy="$(list_lines gcloud "${group[@]}" get-iam-policy "${resource}" "$@" --project="${PROJECT_ID}" \
    --flatten='bindings[].members' --format='value(bindings.role,bindings.members)')"
  if grep -Fxq "${role}"$'\t'"${member}" <<<"${policy}"; then
    log "    ${member#*:} already has ${role} on ${resource}"
    return 0
  fi
  local -a extra=()
  # A project policy may hold conditional bindings: say explicitly that this one has no condition.
  [[ "${group[*]}" == projects ]] && extra=(--condition=None)
  run_retrying_iam gcloud "${group[@]}" add-iam-policy-binding "${resource}" "$@" --project="${PROJECT_ID}" \
    --member="${member}" --role="${role}" "${extra[@]}" --quiet --format=none
}

# IAM may not know a service account for a few seconds after its creation: retry, briefly.
run_retrying_iam() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if run "$@"; then return 0; fi
    ((attempt < 5)) || break
    log "    retrying in $((attempt * 5)) s (a new service account takes a moment to be known to IAM)"
    sleep $((attempt * 5))
  done
  die "could not add the IAM binding: $(quote_cmd "$@")"
}

# A short digest of a deployment's settings, stored as a label on what it deploys: a later run with
# the same settings finds the same label and changes nothing.
fingerprint() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then
    sum="$(printf '%s\0' "$@" | sha256sum)"
  else
    sum="$(printf '%s\0' "$@" | shasum -a 256)"
  fi
  printf '%s\n' "${sum:0:16}"
}

# Joins KEY=VALUE pairs for a gcloud dictionary flag, switching to an alternate delimiter (see
# `gcloud topic escaping`) when a value contains a comma.
gcloud_dict() {
  local delim pair joined
  for delim in ',' '@@' '|' '~~' ';;'; do
    joined=""
    for pair in "$@"; do
      [[ "${pair}" == *"${delim}"* ]] && continue 2
      joined+="${joined:+${delim}}${pair}"
    done
    if [[ "${delim}" == "," ]]; then printf '%s\n' "${joined}"; else printf '^%s^%s\n' "${delim}" "${joined}"; fi
    return 0
  done
  die "cannot pass these values to gcloud: each delimiter appears in one of them: $*"
}

# Appends the pairs of "K=V;K2=V2" (the *_EXTRA settings) to the array named by the first argument.
add_pairs() {
  local -n into=$1
  local -a parts
  local part
  IFS=';' read -ra parts <<<"$2"
  for part in "${parts[@]}"; do
    if [[ -n "${part}" ]]; then into+=("${part}"); fi
  done
}

# Fills ${NAME} placeholders (only the names given) in a template file; prints the result.
render_template() {
  local file=$1 text name
  shift
  text="$(<"${file}")"
  for name in "$@"; do text="${text//\$\{${name}\}/"${!name}"}"; done
  if [[ "${text}" =~ \$\{[A-Z_]+\} ]]; then
    die "${file}: placeholder ${BASH_REMATCH[0]} has no value"
  fi
  printf '%s\n' "${text}"
}

# The id of the active Dataflow job named DATAFLOW_JOB, or nothing (always nothing under --dry-run).
active_job_id() {
  local active
  active="$(list_lines gcloud dataflow jobs list --project="${PROJECT_ID}" --region="${REGION}" --status=active \
    --format='value(id,name)')"
  awk -F'\t' -v name="${DATAFLOW_JOB}" '$2 == name { print $1; exit }' <<<"${active}"
}

# The placeholders of infra/monitoring/*.json, filled from the configuration.
MONITORING_PLACEHOLDERS=(DATAFLOW_JOB SUBSCRIPTION TOPIC SERVICE_NAME FUNCTION_NAME BQ_DATASET
  X_SPEND_ALERT_USD_PER_DAY)

# The display name of a monitoring file once rendered: its first "displayName", the dashboard's or
# the policy's own (it comes first in each file). The scripts find what they created by it.
monitoring_display_name() {
  render_template "$1" "${MONITORING_PLACEHOLDERS[@]}" |
    sed -n 's/^ *"displayName": *"\(.*\)",\{0,1\}$/\1/p' | head -n 1
}

# Standard start of every script: common flags only.
init_simple_script() {
  while (($#)); do
    parse_common_flag "$1" || usage_error "unknown option: $1"
    shift
  done
  load_config
}

# Standard start of a deploy script whose one flag of its own is --force: sets FORCE=1 for it.
init_force_script() {
  FORCE=0
  while (($#)); do
    case "$1" in
      --force) FORCE=1 ;;
      *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
    esac
    shift
  done
  load_config
}
