#!/usr/bin/env bash
# Tests of the infra scripts: shellcheck, then every script run against stub gcloud, bq, gsutil and
# mvnw executables (infra/test/stubs) that record their arguments and keep a fake project in files.
# Asserts the commands, their order, idempotence (a second run issues no command that changes
# anything), --dry-run (prints, calls nothing) and the failure paths. What each script creates with
# the real gcloud and bq, the roles against docs/deploy.md, the second run and the teardown are
# checked end to end by e2e_test.py (against fake-gcp/fake_gcp.py and the Pub/Sub emulator).
#
# Usage: infra/test/run-tests.sh [TEST_NAME...]
#   Runs every test_* function below, or only the named ones. shellcheck is skipped with a message
#   when it is not installed, except under CI=true, where that is a failure.
set -euo pipefail

TEST_DIR="$(cd "$(dirname "$0")" && pwd)"
STUBS="${TEST_DIR}/stubs"
# shellcheck source=../lib/common.sh
source "${TEST_DIR}/../lib/common.sh" # for INFRA_DIR, CONFIG_KEYS and render_template
# Settings from the caller's environment would win over the test configuration: drop them.
unset "${CONFIG_KEYS[@]}" INFRA_CONFIG DRY_RUN STUB_FAIL_MATCH STUB_FAIL_MESSAGE STUB_MVN_NO_OUTPUT
ORIGINAL_PATH="${PATH}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/infra-tests.XXXXXX")"
trap 'rm -rf "${WORK}"' EXIT

TOKEN="tok-AAAAsecretBBBB-1234"

# ---- Sandbox and assertions -------------------------------------------------------------------------

# A fresh fake project, its configuration and its call log. Exported: the scripts and stubs read them.
sandbox() {
  SANDBOX="${WORK}/$1"
  mkdir -p "${SANDBOX}/build"
  export STUB_STATE="${SANDBOX}/state" STUB_LOG="${SANDBOX}/calls.log"
  export INFRA_CONFIG="${SANDBOX}/config.env" VERSION=v1 MVN="${STUBS}/mvnw"
  export FUNCTION_JAR="${SANDBOX}/build/ingest-function.jar" PIPELINE_JAR="${SANDBOX}/build/sentiment-pipeline-dataflow.jar"
  export PIPELINE_METADATA="${SANDBOX}/metadata.json"
  export PATH="${STUBS}:${ORIGINAL_PATH}"
  echo '{"name": "sentiment-pipeline", "parameters": []}' >"${PIPELINE_METADATA}"
  printf '%s\n' "${TOKEN}" >"${SANDBOX}/token.txt"
  cat >"${INFRA_CONFIG}" <<'EOF'
PROJECT_ID="demo-project"
REGION="europe-west1"
X_QUERY='(#gcp, OR #dataflow) lang:en -is:retweet'
EOF
  : >"${STUB_LOG}"
}

fail() {
  printf 'FAIL: %s\n' "$*"
  exit 1
}
skip() {
  printf 'SKIP: %s\n' "$*"
  exit 77
}

# Runs an infra script; its stdout and stderr land in $SANDBOX/out and $SANDBOX/err.
run_script() {
  local rc=0
  "${INFRA_DIR}/$1" "${@:2}" >"${SANDBOX}/out" 2>"${SANDBOX}/err" || rc=$?
  return "${rc}"
}
must_run() {
  run_script "$@" || fail "$* exited with $?; its stderr:"$'\n'"$(tail -n 20 "${SANDBOX}/err")"
}
must_fail() { # expected-message script args...
  local message=$1
  shift
  if run_script "$@"; then fail "$* succeeded, expected a failure saying: ${message}"; fi
  grep -Fq -- "${message}" "${SANDBOX}/err" || fail "$* failed without saying '${message}'; its stderr:"$'\n'"$(cat "${SANDBOX}/err")"
}

reset_log() { : >"${STUB_LOG}"; }
mutations() { grep '^MUTATE' "${STUB_LOG}" || true; }
assert_log_has() {
  grep -Eq -- "$1" "${STUB_LOG}" || fail "no call matches /$1/; calls:"$'\n'"$(cut -c1-200 "${STUB_LOG}")"
}
assert_log_lacks() {
  if grep -Eq -- "$1" "${STUB_LOG}"; then fail "unexpected call matching /$1/: $(grep -E -- "$1" "${STUB_LOG}" | head -n 1)"; fi
}
assert_no_mutation() {
  local changes
  changes="$(mutations)"
  [[ -z "${changes}" ]] || fail "$1: expected no change, got:"$'\n'"$(cut -c1-200 <<<"${changes}")"
}
assert_file_has() {
  grep -Eq -- "$2" "$1" || fail "$(basename "$1") does not match /$2/:"$'\n'"$(head -c 3000 "$1")"
}
# The first call matching each pattern comes after the first call matching the previous one.
assert_in_order() {
  local previous=0 previous_pattern="(start)" pattern line
  for pattern in "$@"; do
    line="$(grep -nE -- "${pattern}" "${STUB_LOG}" | head -n 1 | cut -d: -f1)"
    [[ -n "${line}" ]] || fail "no call matches /${pattern}/"
    ((line > previous)) || fail "/${pattern}/ (call ${line}) comes before /${previous_pattern}/ (call ${previous})"
    previous=${line}
    previous_pattern=${pattern}
  done
}
# The IAM bindings the fake project holds: "RESOURCE-KEY ROLE MEMBER" lines.
bindings() {
  local f
  for f in "${STUB_STATE}"/iam/*; do
    [[ -e "${f}" ]] || continue
    sed "s|^|$(basename "${f}") |; s|\t| |" "${f}"
  done
}
assert_binding() { # resource-key role member
  local all
  all="$(bindings)"
  grep -Fxq "$1 $2 $3" <<<"${all}" || fail "no binding of $2 to $3 on $1; bindings:"$'\n'"${all}"
}
# A digest of the whole fake project.
state_digest() { (cd "${STUB_STATE}" && find . -type f -exec cksum {} + | sort); }
sa() { printf 'serviceAccount:%s@demo-project.iam.gserviceaccount.com\n' "$1"; }

ALL_SCRIPTS=(01-apis.sh 02-service-accounts.sh 03-artifact-registry.sh 04-bucket.sh 05-secret.sh 06-firestore.sh
  07-pubsub.sh 08-bigquery.sh 09-sentiment-service.sh 10-ingest-function.sh 11-scheduler.sh 12-dataflow.sh
  13-monitoring.sh deploy-all.sh teardown.sh replay-dead-letters.sh backfill.sh)

# ---- Tests ------------------------------------------------------------------------------------------

test_scripts_pass_shellcheck() {
  if ! command -v shellcheck >/dev/null 2>&1; then
    [[ "${CI:-}" != true ]] || fail "shellcheck is not installed and CI=true (apt-get install shellcheck)"
    skip "shellcheck is not installed (apt-get install shellcheck); under CI=true this fails"
  fi
  local files=("${INFRA_DIR}"/*.sh "${INFRA_DIR}"/lib/*.sh "${TEST_DIR}"/*.sh "${STUBS}"/*.sh
    "${STUBS}/gcloud" "${STUBS}/bq" "${STUBS}/gsutil" "${STUBS}/mvnw")
  shellcheck -x --source-path=SCRIPTDIR "${files[@]}" || fail "shellcheck found problems (above)"
}

test_every_script_has_help_and_rejects_unknown_options() {
  sandbox help
  local script
  for script in "${ALL_SCRIPTS[@]}"; do
    must_run "${script}" --help
    assert_file_has "${SANDBOX}/out" "^Usage: infra/${script}"
    assert_file_has "${SANDBOX}/out" "--dry-run"
    must_fail "unknown option: --bogus" "${script}" --bogus
  done
  assert_no_mutation "--help and bad options"
}

test_missing_configuration_file_is_explained() {
  sandbox no-config
  export INFRA_CONFIG="${SANDBOX}/nope.env"
  must_fail "copy infra/config.env.example to infra/config.env" 01-apis.sh
  must_fail "copy infra/config.env.example to infra/config.env" deploy-all.sh --dry-run
  [[ ! -s "${STUB_LOG}" ]] || fail "a script ran a command without configuration"
}

test_missing_setting_is_named() {
  sandbox missing-setting
  sed -i '/^PROJECT_ID=/d' "${INFRA_CONFIG}"
  must_fail "PROJECT_ID is not set" 07-pubsub.sh
  must_fail "PROJECT_ID is not set" deploy-all.sh
  sandbox missing-query
  sed -i '/^X_QUERY=/d' "${INFRA_CONFIG}"
  must_run 07-pubsub.sh # only the function needs the query
  reset_log
  must_fail "X_QUERY is not set" 10-ingest-function.sh
  [[ ! -s "${STUB_LOG}" ]] || fail "10-ingest-function.sh ran commands before failing on X_QUERY"
}

test_environment_wins_over_the_file() {
  sandbox env-override
  REGION=asia-east1 must_run 07-pubsub.sh --dry-run
  REGION=asia-east1 must_run 03-artifact-registry.sh --dry-run
  assert_file_has "${SANDBOX}/out" "--location=asia-east1"
}

test_deploy_all_creates_everything_in_order() {
  sandbox fresh
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  assert_in_order \
    '^MUTATE gcloud services enable .*run\.googleapis\.com' \
    '^MUTATE gcloud iam service-accounts create ts-ingest ' \
    '^MUTATE gcloud iam service-accounts create ts-build ' \
    '^MUTATE gcloud projects add-iam-policy-binding demo-project .*--role=roles/dataflow\.worker' \
    '^MUTATE gcloud artifacts repositories create tweet-sentiment .*--repository-format=docker' \
    '^MUTATE gcloud storage buckets create gs://demo-project-tweet-sentiment ' \
    '^MUTATE gcloud secrets create x-bearer-token ' \
    '^MUTATE gcloud secrets versions add x-bearer-token .*--data-file=-' \
    '^MUTATE gcloud firestore databases create --database=\\\(default\\\) --location=europe-west1 --type=firestore-native' \
    '^MUTATE gcloud pubsub topics create tweets ' \
    '^MUTATE gcloud pubsub subscriptions create tweets-dataflow .*--topic=tweets' \
    '^MUTATE bq .*--location=europe-west1 mk --dataset .*demo-project:tweet_sentiment$' \
    '^MUTATE bq .* mk --table .*demo-project:tweet_sentiment\.scored_tweets ' \
    '^MUTATE bq .* query --use_legacy_sql=false GRANT' \
    '^MUTATE mvnw .*-pl sentiment-service -am package jib:build .*-Dimage=europe-west1-docker\.pkg\.dev/demo-project/tweet-sentiment/sentiment-service:v1' \
    '^MUTATE gcloud run deploy sentiment-service ' \
    '^MUTATE gcloud run services add-iam-policy-binding sentiment-service ' \
    '^MUTATE mvnw .*-pl ingest-function -am package' \
    '^MUTATE gcloud functions deploy ingest-tweets ' \
    '^MUTATE gcloud run services add-iam-policy-binding ingest-tweets ' \
    '^MUTATE gcloud scheduler jobs create http ingest-tweets-every-minute ' \
    '^MUTATE mvnw .*-pl pipeline -am package' \
    '^MUTATE gcloud dataflow flex-template build gs://demo-project-tweet-sentiment/templates/sentiment-pipeline-v1\.json ' \
    '^MUTATE gcloud dataflow flex-template run tweet-sentiment ' \
    '^MUTATE gcloud monitoring dashboards create ' \
    '^MUTATE gcloud alpha monitoring policies create '
  # Every check ran before its create (the stubs refuse a create of something that exists).
  assert_in_order '^READ gcloud pubsub topics describe tweets ' '^MUTATE gcloud pubsub topics create tweets '
  assert_log_lacks '^MUTATE gsutil'
  local schema view
  for schema in "${INFRA_DIR}"/bigquery/*.json; do
    assert_log_has "^MUTATE bq .* mk --table .*demo-project:tweet_sentiment\.$(basename "${schema}" .json) ${schema}$"
  done
  for view in "${INFRA_DIR}"/bigquery/*.sql; do
    [[ -e "${view}" ]] || continue
    assert_log_has "^MUTATE bq .* mk --use_legacy_sql=false .*--view=.*demo-project\.tweet_sentiment\..* demo-project:tweet_sentiment\.$(basename "${view}" .sql)$"
  done
  assert_file_has "${SANDBOX}/err" "SELECT label, COUNT"
}

test_deployed_components_have_the_chosen_settings() {
  sandbox settings
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  # Cloud Run: private, sized, warm, probed.
  assert_log_has '^MUTATE gcloud run deploy sentiment-service .*--no-allow-unauthenticated .*--cpu=2 --memory=2Gi --concurrency=8 --min-instances=1 --max-instances=5 '
  assert_log_has '^MUTATE gcloud run deploy sentiment-service .*--service-account=ts-sentiment@demo-project\.iam\.gserviceaccount\.com'
  assert_log_has '^MUTATE gcloud run deploy sentiment-service .*--set-env-vars=SENTIMENT_MODEL=accurate '
  assert_log_has '^MUTATE gcloud run deploy sentiment-service .*--startup-probe=httpGet\.path=/health/ready'
  assert_log_has '^MUTATE gcloud run deploy sentiment-service .*--liveness-probe=httpGet\.path=/health/live'
  # The function: gen2, private, one instance, its secret and settings (the query has a comma, so
  # the env flag switches to an alternate delimiter).
  assert_log_has '^MUTATE gcloud functions deploy ingest-tweets --gen2 .*--runtime=java17 --entry-point=io\.github\.tweetsentiment\.ingest\.IngestFunction --trigger-http --no-allow-unauthenticated '
  assert_log_has '^MUTATE gcloud functions deploy ingest-tweets .*--max-instances=1 '
  assert_log_has '^MUTATE gcloud functions deploy ingest-tweets .*--set-secrets=X_BEARER_TOKEN=x-bearer-token:latest'
  assert_log_has '^MUTATE gcloud functions deploy ingest-tweets .*--run-service-account=ts-ingest@demo-project\.iam\.gserviceaccount\.com'
  assert_log_has '^MUTATE gcloud functions deploy ingest-tweets .*--set-env-vars=\\\^@@\\\^X_QUERY=\\\(#gcp\\,\\ OR\\ #dataflow\\\)\\ lang:en\\ -is:retweet@@X_API_BASE_URL=https://api\.x\.com@@X_POSTS_PER_DAY=5000@@X_POSTS_PER_MONTH=50000@@X_USERS_PER_DAY=5000@@X_USERS_PER_MONTH=50000@@PUBSUB_TOPIC=projects/demo-project/topics/tweets@@CHECKPOINT_STORE=firestore@@FIRESTORE_DATABASE=\\\(default\\\) '
  [[ -f "${FUNCTION_JAR}" ]] || fail "the function jar was not built"
  # The scheduler: every minute, OIDC token of its own account for the function's URL.
  assert_log_has '^MUTATE gcloud scheduler jobs create http ingest-tweets-every-minute .*--schedule=\\\*\\ \\\*\\ \\\*\\ \\\*\\ \\\* '
  assert_log_has '^MUTATE gcloud scheduler jobs create .*--uri=https://ingest-tweets-stub-uc\.a\.run\.app --http-method=POST --oidc-service-account-email=ts-scheduler@demo-project\.iam\.gserviceaccount\.com --oidc-token-audience=https://ingest-tweets-stub-uc\.a\.run\.app '
  # Dataflow: the template from the jar and main class; the job with its account and parameters.
  assert_log_has "^MUTATE gcloud dataflow flex-template build .*--sdk-language=JAVA .*--jar=${PIPELINE_JAR} --env=FLEX_TEMPLATE_JAVA_MAIN_CLASS=io\.github\.tweetsentiment\.pipeline\.SentimentPipeline --metadata-file=${PIPELINE_METADATA} "
  assert_log_has '^MUTATE gcloud dataflow flex-template run tweet-sentiment .*--service-account-email=ts-dataflow@demo-project\.iam\.gserviceaccount\.com '
  assert_log_has '^MUTATE gcloud dataflow flex-template run .*--parameters=inputSubscription=projects/demo-project/subscriptions/tweets-dataflow\\,outputDataset=tweet_sentiment\\,sentimentEndpoint=https://sentiment-service-stub-uc\.a\.run\.app\\,model=accurate$'
  # BigQuery partitioning and clustering, as docs/architecture.md says.
  assert_log_has '^MUTATE bq .* mk --table .*--time_partitioning_type=DAY --time_partitioning_field=created_at --clustering_fields=label\\,lang demo-project:tweet_sentiment\.scored_tweets '
  assert_log_has '^MUTATE bq .* mk --table .*--time_partitioning_field=window_start --clustering_fields=query demo-project:tweet_sentiment\.sentiment_windows '
  assert_log_has '^MUTATE bq .* mk --table .*--time_partitioning_field=failed_at --clustering_fields=stage demo-project:tweet_sentiment\.dead_letter '
}

test_second_run_changes_nothing() {
  sandbox twice
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  reset_log
  must_run deploy-all.sh </dev/null # no token needed any more
  assert_no_mutation "second deploy-all"
  assert_log_has '^READ gcloud run services describe sentiment-service '
  assert_file_has "${SANDBOX}/err" "runs europe-west1-docker.pkg.dev/demo-project/tweet-sentiment/sentiment-service:v1 with these settings"
  assert_file_has "${SANDBOX}/err" "job tweet-sentiment is active"
  local script
  for script in "${ALL_SCRIPTS[@]:0:13}"; do
    reset_log
    must_run "${script}" </dev/null
    assert_no_mutation "second run of ${script}"
  done
  # --force deploys anyway: new instances (after a token rotation).
  reset_log
  must_run 10-ingest-function.sh --force
  assert_in_order '^MUTATE mvnw .*-pl ingest-function' '^MUTATE gcloud functions deploy ingest-tweets '
}

test_dry_run_prints_commands_and_calls_nothing() {
  sandbox dry
  must_run deploy-all.sh --dry-run </dev/null
  [[ ! -s "${STUB_LOG}" ]] || fail "--dry-run called: $(head -n 3 "${STUB_LOG}")"
  [[ -z "$(ls -A "${STUB_STATE}/res" 2>/dev/null)" ]] || fail "--dry-run created resources"
  local out="${SANDBOX}/out"
  assert_file_has "${out}" '^gcloud services enable '
  assert_file_has "${out}" '^gcloud secrets versions add x-bearer-token .*--data-file=-  # value on stdin, not shown$'
  assert_file_has "${out}" '^bq --headless --project_id=demo-project --location=europe-west1 mk --dataset '
  assert_file_has "${out}" "^${MVN} .*jib:build"
  assert_file_has "${out}" '^gcloud run deploy sentiment-service .*--no-allow-unauthenticated'
  assert_file_has "${out}" '^gcloud functions deploy ingest-tweets '
  assert_file_has "${out}" '^gcloud scheduler jobs create http '
  assert_file_has "${out}" '^gcloud dataflow flex-template run tweet-sentiment '
  assert_file_has "${out}" '^gcloud alpha monitoring policies create '
  [[ ! -e "${FUNCTION_JAR}" ]] || fail "--dry-run built the function"
  local script
  for script in "${ALL_SCRIPTS[@]:0:15}"; do # all but the replay, which needs --since
    must_run "${script}" --dry-run </dev/null
    [[ -s "${SANDBOX}/out" ]] || fail "${script} --dry-run printed no command"
  done
  [[ ! -s "${STUB_LOG}" ]] || fail "a script called a command under --dry-run: $(head -n 1 "${STUB_LOG}")"
}

test_dry_run_teardown_of_a_deployed_project_changes_nothing() {
  sandbox dry-teardown
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  local before
  before="$(state_digest)"
  reset_log
  must_run teardown.sh --dry-run
  [[ ! -s "${STUB_LOG}" ]] || fail "teardown --dry-run called: $(head -n 1 "${STUB_LOG}")"
  [[ "$(state_digest)" == "${before}" ]] || fail "teardown --dry-run changed the project"
  assert_file_has "${SANDBOX}/out" '^gcloud scheduler jobs delete ingest-tweets-every-minute '
  assert_file_has "${SANDBOX}/out" '^bq --headless --project_id=demo-project rm -r -f -d demo-project:tweet_sentiment$'
  assert_file_has "${SANDBOX}/out" '^gcloud iam service-accounts delete ts-build@'
}

test_archive_subscription_is_created_once_with_its_settings() {
  sandbox archive
  must_run 07-pubsub.sh
  # The bucket, its lifecycle and the agent's roles come before the subscription (Pub/Sub checks
  # that it may write to the bucket when the subscription is created).
  assert_in_order \
    '^MUTATE gcloud pubsub topics create tweets ' \
    '^MUTATE gcloud storage buckets create gs://demo-project-tweet-archive --project=demo-project --location=europe-west1 --uniform-bucket-level-access --public-access-prevention$' \
    '^MUTATE gcloud storage buckets update gs://demo-project-tweet-archive .*--lifecycle-file=' \
    '^READ gcloud projects describe demo-project --format=value\\\(projectNumber\\\)$' \
    '^MUTATE gcloud storage buckets add-iam-policy-binding gs://demo-project-tweet-archive .*--role=roles/storage\.objectCreator' \
    '^MUTATE gcloud storage buckets add-iam-policy-binding gs://demo-project-tweet-archive .*--role=roles/storage\.legacyBucketReader' \
    '^MUTATE gcloud pubsub subscriptions create tweets-archive '
  assert_log_has '^MUTATE gcloud pubsub subscriptions create tweets-archive --project=demo-project --topic=tweets --cloud-storage-bucket=demo-project-tweet-archive --cloud-storage-file-prefix=tweets/ --cloud-storage-file-suffix=\.avro --cloud-storage-file-datetime-format=YYYY/MM/DD/hh/mm_ssZ --cloud-storage-max-duration=5m --cloud-storage-output-format=avro --cloud-storage-write-metadata '
  assert_log_has '^MUTATE gcloud storage buckets add-iam-policy-binding .*--member=serviceAccount:service-123456789012@gcp-sa-pubsub\.iam\.gserviceaccount\.com '
  reset_log
  must_run 07-pubsub.sh
  assert_no_mutation "a second 07-pubsub.sh"
  assert_log_has '^READ gcloud pubsub subscriptions describe tweets-archive '
  assert_file_has "${SANDBOX}/err" "subscription tweets-archive exists"
  # An archive subscription that exists (made by hand, or by an earlier run) is not recreated.
  sandbox archive-existing
  must_run 07-pubsub.sh
  rm "${STUB_STATE}/res/storage_buckets~gs:%%demo-project-tweet-archive"
  reset_log
  must_run 07-pubsub.sh
  assert_log_has '^MUTATE gcloud storage buckets create gs://demo-project-tweet-archive '
  assert_log_lacks '^MUTATE gcloud pubsub subscriptions create'
}

test_archive_lifecycle_comes_from_the_configuration() {
  sandbox archive-lifecycle
  local lifecycle="${STUB_STATE}/lifecycle~storage_buckets~gs:%%demo-project-tweet-archive"
  # Defaults: Nearline after 30 days, never deleted.
  must_run 07-pubsub.sh
  assert_file_has "${lifecycle}" '^\{"rule": \[\{"action": \{"type": "SetStorageClass", "storageClass": "NEARLINE"\}, "condition": \{"age": 30, "matchesStorageClass": \["STANDARD"\]\}\}\]\}$'
  # Changed settings are applied on the next run, once.
  printf 'ARCHIVE_NEARLINE_AFTER_DAYS=60\nARCHIVE_DELETE_AFTER_DAYS=730\n' >>"${INFRA_CONFIG}"
  reset_log
  must_run 07-pubsub.sh
  [[ "$(mutations | wc -l)" == 1 ]] || fail "expected only the lifecycle update:"$'\n'"$(mutations)"
  assert_file_has "${lifecycle}" '"storageClass": "NEARLINE"\}, "condition": \{"age": 60, .*\{"action": \{"type": "Delete"\}, "condition": \{"age": 730\}\}\]\}$'
  reset_log
  must_run 07-pubsub.sh
  assert_no_mutation "a second run with the same lifecycle"
  # 0 and 0: no rule at all.
  printf 'ARCHIVE_NEARLINE_AFTER_DAYS=0\nARCHIVE_DELETE_AFTER_DAYS=0\n' >>"${INFRA_CONFIG}"
  must_run 07-pubsub.sh
  assert_log_has '^MUTATE gcloud storage buckets update gs://demo-project-tweet-archive --project=demo-project --clear-lifecycle '
  [[ ! -e "${lifecycle}" ]] || fail "the lifecycle was not cleared"
  ARCHIVE_DELETE_AFTER_DAYS=soon must_fail "ARCHIVE_DELETE_AFTER_DAYS must be a number of days" 07-pubsub.sh
}

test_archive_dry_run_and_teardown() {
  sandbox archive-dry
  must_run 07-pubsub.sh --dry-run
  [[ ! -s "${STUB_LOG}" ]] || fail "--dry-run called: $(head -n 1 "${STUB_LOG}")"
  local out="${SANDBOX}/out"
  assert_file_has "${out}" '^gcloud storage buckets create gs://demo-project-tweet-archive '
  assert_file_has "${out}" '^printf %s\\\\n .*\{\\"rule\\":\\ \\\[\\\{\\"action\\":.*SetStorageClass.* >/.*/archive-lifecycle\.json$'
  assert_file_has "${out}" '^gcloud storage buckets update gs://demo-project-tweet-archive .*--lifecycle-file='
  assert_file_has "${out}" '^gcloud storage buckets add-iam-policy-binding gs://demo-project-tweet-archive .*--member=serviceAccount:service-\\<project\\ number\\ of\\ demo-project\\>@gcp-sa-pubsub\.iam\.gserviceaccount\.com --role=roles/storage\.objectCreator'
  assert_file_has "${out}" '^gcloud pubsub subscriptions create tweets-archive .*--cloud-storage-output-format=avro --cloud-storage-write-metadata'
  must_run teardown.sh --dry-run
  assert_file_has "${out}" '^gcloud pubsub subscriptions delete tweets-archive --project=demo-project --quiet$'
  assert_file_has "${SANDBOX}/err" "kept, with the archived tweets"
  if grep -q 'tweet-archive' "${out}"; then fail "teardown --dry-run would delete the archive bucket without --delete-archive"; fi
  must_run teardown.sh --dry-run --delete-archive
  assert_file_has "${out}" '^gcloud storage rm --recursive gs://demo-project-tweet-archive --project=demo-project$'
  [[ ! -s "${STUB_LOG}" ]] || fail "a --dry-run called: $(head -n 1 "${STUB_LOG}")"
  # A real teardown with --delete-archive removes the bucket and its data.
  sandbox archive-teardown
  must_run 07-pubsub.sh
  reset_log
  must_run teardown.sh --yes --delete-archive
  assert_in_order '^MUTATE gcloud pubsub subscriptions delete tweets-archive ' '^MUTATE gcloud pubsub topics delete tweets ' \
    '^MUTATE gcloud storage rm --recursive gs://demo-project-tweet-archive '
  [[ ! -e "${STUB_STATE}/res/storage_buckets~gs:%%demo-project-tweet-archive" ]] || fail "the archive bucket is left"
}

test_a_changed_setting_redeploys_only_what_it_changes() {
  sandbox changed-setting
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  reset_log
  SERVICE_MIN_INSTANCES=0 must_run deploy-all.sh </dev/null
  local changes
  changes="$(mutations)"
  [[ "$(wc -l <<<"${changes}")" == 1 ]] || fail "expected one change, got:"$'\n'"${changes}"
  assert_log_has '^MUTATE gcloud run deploy sentiment-service .*--min-instances=0 '
  reset_log
  SERVICE_MIN_INSTANCES=0 must_run deploy-all.sh </dev/null
  assert_no_mutation "a second run with the changed setting"
}

test_a_new_version_is_built_and_deployed_and_the_job_updated_on_request() {
  sandbox new-version
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  reset_log
  VERSION=v2 must_run deploy-all.sh </dev/null
  assert_in_order \
    '^MUTATE mvnw .*jib:build .*-Dimage=europe-west1-docker\.pkg\.dev/demo-project/tweet-sentiment/sentiment-service:v2$' \
    '^MUTATE gcloud run deploy sentiment-service .*--image=europe-west1-docker\.pkg\.dev/demo-project/tweet-sentiment/sentiment-service:v2 ' \
    '^MUTATE mvnw .*-pl ingest-function' \
    '^MUTATE gcloud functions deploy ingest-tweets ' \
    '^MUTATE gcloud dataflow flex-template build gs://demo-project-tweet-sentiment/templates/sentiment-pipeline-v2\.json '
  assert_log_lacks '^MUTATE gcloud dataflow flex-template run'
  assert_file_has "${SANDBOX}/err" "infra/12-dataflow.sh --update"
  reset_log
  VERSION=v2 must_run 12-dataflow.sh --update --transform-name-mapping OldStep=NewStep --transform-name-mapping=Gone=
  assert_log_has '^MUTATE gcloud dataflow flex-template run tweet-sentiment .*sentiment-pipeline-v2\.json .* --update --transform-name-mappings=OldStep=NewStep\\,Gone=$'
  assert_log_lacks '^MUTATE gcloud dataflow flex-template build'
  must_fail "--transform-name-mapping only applies with --update" 12-dataflow.sh --transform-name-mapping a=b
}

test_secret_from_stdin_rotation_and_bad_tokens() {
  sandbox secret
  printf '  %s\n\n' "${TOKEN}" | must_run 05-secret.sh
  assert_file_has "${STUB_STATE}/res/secrets_versions~x-bearer-token" "^a version of ${#TOKEN} bytes$"
  reset_log
  must_run 05-secret.sh </dev/null
  assert_no_mutation "05-secret.sh on a secret that has a version"
  printf 'rotated-token' >"${SANDBOX}/new-token"
  must_run 05-secret.sh --rotate --token-file "${SANDBOX}/new-token"
  assert_log_has '^MUTATE gcloud secrets versions add x-bearer-token '
  assert_file_has "${STUB_STATE}/res/secrets_versions~x-bearer-token" "^a version of 13 bytes$"
  assert_file_has "${SANDBOX}/err" "next cold start"
  sandbox secret-empty
  must_fail "no X API bearer token" 05-secret.sh </dev/null
  assert_log_lacks '^MUTATE gcloud secrets versions add'
  printf 'two words' | must_fail "contains whitespace" 05-secret.sh
  must_fail "cannot read the token file" 05-secret.sh --token-file "${SANDBOX}/missing"
}

test_teardown_removes_everything_in_reverse_order() {
  sandbox teardown
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  # Another deployment's alert policy in the same project: not ours to delete.
  echo 999 >"${STUB_STATE}/res/monitoring_policies~tweet-sentiment: dead letters (other-job)"
  reset_log
  must_run teardown.sh --yes
  assert_in_order \
    '^MUTATE gcloud scheduler jobs delete ingest-tweets-every-minute ' \
    '^MUTATE gcloud functions delete ingest-tweets ' \
    '^MUTATE gcloud dataflow jobs cancel ' \
    '^MUTATE gcloud run services delete sentiment-service ' \
    '^MUTATE gcloud monitoring dashboards delete ' \
    '^MUTATE gcloud alpha monitoring policies delete ' \
    '^MUTATE gcloud logging metrics delete x_api_budget_reached ' \
    '^MUTATE gcloud logging metrics delete x_api_day_spend_usd ' \
    '^MUTATE gcloud pubsub subscriptions delete tweets-dataflow ' \
    '^MUTATE gcloud pubsub subscriptions delete tweets-archive ' \
    '^MUTATE gcloud pubsub topics delete tweets ' \
    '^MUTATE bq .* rm -r -f -d demo-project:tweet_sentiment$' \
    '^MUTATE gcloud secrets delete x-bearer-token ' \
    '^MUTATE gcloud storage rm --recursive gs://demo-project-tweet-sentiment ' \
    '^MUTATE gcloud artifacts repositories delete tweet-sentiment ' \
    '^MUTATE gcloud projects remove-iam-policy-binding demo-project ' \
    '^MUTATE gcloud iam service-accounts delete ts-ingest@'
  # Left: the enabled APIs, the (default) Firestore database and the archive bucket, on purpose.
  local left
  left="$(find "${STUB_STATE}/res" -type f ! -name 'services~*' -printf '%f\n' | sort)"
  [[ "${left}" == "firestore_databases~(default)"$'\n'"monitoring_policies~tweet-sentiment: dead letters (other-job)"$'\n'"storage_buckets~gs:%%demo-project-tweet-archive" ]] ||
    fail "teardown left:"$'\n'"${left}"
  # The kept archive bucket keeps its bindings (a redeploy resumes writing to it); no other is left.
  if bindings | grep -qv '^storage_buckets~gs:%%demo-project-tweet-archive '; then
    fail "teardown left bindings:"$'\n'"$(bindings)"
  fi
  assert_log_lacks '^MUTATE gcloud storage rm --recursive gs://demo-project-tweet-archive'
  assert_file_has "${SANDBOX}/err" "kept, with the archived tweets"
  assert_file_has "${SANDBOX}/err" "left in place: \(default\)"
  reset_log
  must_run teardown.sh --yes
  assert_no_mutation "a second teardown"
}

test_teardown_asks_drains_and_deletes_a_named_database() {
  sandbox teardown-options
  echo 'FIRESTORE_DATABASE="checkpoints"' >>"${INFRA_CONFIG}"
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  reset_log
  must_fail "pass --yes" teardown.sh </dev/null
  assert_no_mutation "teardown without confirmation"
  must_run teardown.sh --yes --drain
  assert_log_has '^MUTATE gcloud dataflow jobs drain '
  assert_log_has '^MUTATE gcloud firestore databases delete --database=checkpoints '
}

test_a_failed_check_stops_the_script_before_any_create() {
  sandbox permission
  export STUB_FAIL_MATCH='pubsub topics describe'
  export STUB_FAIL_MESSAGE='ERROR: (gcloud.pubsub.topics.describe) PERMISSION_DENIED: User lacks permission pubsub.topics.get'
  must_fail "PERMISSION_DENIED" 07-pubsub.sh
  assert_log_lacks '^MUTATE'
  export STUB_FAIL_MATCH='^gcloud run deploy' STUB_FAIL_MESSAGE='ERROR: (gcloud.run.deploy) quota exceeded'
  must_fail "step 09-sentiment-service.sh failed" deploy-all.sh --token-file "${SANDBOX}/token.txt"
  assert_log_lacks '^MUTATE gcloud functions deploy'
  unset STUB_FAIL_MATCH STUB_FAIL_MESSAGE
}

test_a_build_without_its_jar_is_reported() {
  sandbox no-jar
  export STUB_MVN_NO_OUTPUT=1
  must_fail "did not produce ${FUNCTION_JAR}" 10-ingest-function.sh
  assert_log_lacks '^MUTATE gcloud functions deploy'
  must_fail "did not produce ${PIPELINE_JAR}" 12-dataflow.sh
  assert_log_lacks '^MUTATE gcloud dataflow flex-template build'
  unset STUB_MVN_NO_OUTPUT
}

test_steps_that_need_an_earlier_one_say_which() {
  sandbox order
  must_fail "run infra/10-ingest-function.sh first" 11-scheduler.sh
  must_fail "run infra/09-sentiment-service.sh first" 12-dataflow.sh
  assert_log_lacks '^MUTATE gcloud (scheduler|dataflow flex-template run)'
}

test_bigquery_views_come_from_sql_files() {
  sandbox views
  export BQ_SCHEMA_DIR="${SANDBOX}/bigquery"
  mkdir -p "${BQ_SCHEMA_DIR}"
  cp "${INFRA_DIR}"/bigquery/*.json "${BQ_SCHEMA_DIR}/"
  # shellcheck disable=SC2016 # the placeholders are the script's to fill
  printf 'SELECT * FROM `${PROJECT_ID}.${BQ_DATASET}.sentiment_windows`\n' >"${BQ_SCHEMA_DIR}/latest_windows.sql"
  must_run 08-bigquery.sh
  # shellcheck disable=SC2016 # backquotes of BigQuery, not of the shell
  assert_in_order '^MUTATE bq .* mk --table .*sentiment_windows ' \
    '^MUTATE bq .* mk --use_legacy_sql=false .*--view=SELECT\\ \\\*\\ FROM\\ \\`demo-project\.tweet_sentiment\.sentiment_windows\\` demo-project:tweet_sentiment\.latest_windows$'
  reset_log
  must_run 08-bigquery.sh
  assert_no_mutation "a second 08-bigquery.sh"
  # shellcheck disable=SC2016
  printf 'SELECT ${NOT_A_SETTING}\n' >"${BQ_SCHEMA_DIR}/broken.sql"
  # shellcheck disable=SC2016
  must_fail 'placeholder ${NOT_A_SETTING} has no value' 08-bigquery.sh
  rm "${BQ_SCHEMA_DIR}"/*
  must_fail "no table schema" 08-bigquery.sh
}

test_bigquery_upgrade_adds_new_columns_and_replaces_changed_views() {
  sandbox bq-upgrade
  # The previous version: sentiment_windows without the run's columns, and another view query.
  export BQ_SCHEMA_DIR="${SANDBOX}/old"
  mkdir -p "${BQ_SCHEMA_DIR}"
  cp "${INFRA_DIR}"/bigquery/*.json "${BQ_SCHEMA_DIR}/"
  grep -v '"run_' "${INFRA_DIR}/bigquery/sentiment_windows.json" | sed '$!N;s/},\n]/}\n]/;P;D' \
    >"${BQ_SCHEMA_DIR}/sentiment_windows.json"
  # shellcheck disable=SC2016 # the placeholders are the script's to fill
  printf 'SELECT * FROM `${PROJECT_ID}.${BQ_DATASET}.sentiment_windows`\n' >"${BQ_SCHEMA_DIR}/latest.sql"
  must_run 08-bigquery.sh
  reset_log

  export BQ_SCHEMA_DIR="${SANDBOX}/new"
  mkdir -p "${BQ_SCHEMA_DIR}"
  cp "${INFRA_DIR}"/bigquery/*.json "${BQ_SCHEMA_DIR}/"
  # shellcheck disable=SC2016
  printf 'SELECT * FROM `${PROJECT_ID}.${BQ_DATASET}.sentiment_windows` WHERE TRUE\n' >"${BQ_SCHEMA_DIR}/latest.sql"
  must_run 08-bigquery.sh
  assert_log_has "^MUTATE bq .* update demo-project:tweet_sentiment\.sentiment_windows ${BQ_SCHEMA_DIR}/sentiment_windows\.json$"
  assert_log_has '^MUTATE bq .* update --use_legacy_sql=false --set_label=sql_hash:[0-9a-f]{16} --view=.*WHERE\\ TRUE demo-project:tweet_sentiment\.latest$'
  [[ "$(mutations | wc -l)" == 2 ]] || fail "expected only the column and view updates:"$'\n'"$(mutations)"
  assert_file_has "${SANDBOX}/err" "adding its new columns: run_id,run_mode,run_started_at"
  reset_log
  must_run 08-bigquery.sh
  assert_no_mutation "a third 08-bigquery.sh"
}

test_monitoring_files_render_to_valid_json() {
  sandbox monitoring
  local validator
  if command -v jq >/dev/null 2>&1; then
    validator=(jq -e .)
  elif command -v python3 >/dev/null 2>&1; then
    validator=(python3 -m json.tool)
  elif [[ "${CI:-}" == true ]]; then
    fail "neither jq nor python3 to validate JSON under CI=true"
  else
    skip "neither jq nor python3 is installed to validate the JSON"
  fi
  local PROJECT_ID=demo-project DATAFLOW_JOB=tweet-sentiment SUBSCRIPTION=tweets-dataflow TOPIC=tweets
  local SERVICE_NAME=sentiment-service FUNCTION_NAME=ingest-tweets BQ_DATASET=tweet_sentiment file rendered
  local X_SPEND_ALERT_USD_PER_DAY=20
  for file in "${INFRA_DIR}"/monitoring/*.json; do
    rendered="${SANDBOX}/$(basename "${file}")"
    (render_template "${file}" "${MONITORING_PLACEHOLDERS[@]}") >"${rendered}" ||
      fail "$(basename "${file}") does not render"
    "${validator[@]}" "${rendered}" >/dev/null || fail "$(basename "${file}") is not valid JSON once rendered"
    assert_file_has "${rendered}" '^  "displayName": "tweet-sentiment'
    assert_file_has "${rendered}" 'tweet-sentiment'
  done
  for file in "${INFRA_DIR}"/monitoring/log-metrics/*.json; do
    rendered="${SANDBOX}/log-metric-$(basename "${file}")"
    (render_template "${file}" "${MONITORING_PLACEHOLDERS[@]}") >"${rendered}" ||
      fail "$(basename "${file}") does not render"
    "${validator[@]}" "${rendered}" >/dev/null || fail "$(basename "${file}") is not valid JSON once rendered"
    assert_file_has "${rendered}" "^  \"name\": \"$(basename "${file}" .json)\","
    assert_file_has "${rendered}" 'resource.labels.service_name=\\"ingest-tweets\\"'
  done
  # Against the API's schemas, with the message classes of the real Google Cloud CLI, if installed.
  local sdk_gcloud sdk_root python
  sdk_gcloud="$(PATH="${ORIGINAL_PATH}" command -v gcloud || true)"
  if [[ -n "${sdk_gcloud}" ]]; then
    sdk_root="$(dirname "$(dirname "$(readlink -f "${sdk_gcloud}")")")"
    python="${sdk_root}/platform/bundledpythonunix/bin/python3"
    [[ -x "${python}" ]] || python="$(PATH="${ORIGINAL_PATH}" command -v python3 || true)"
  fi
  if [[ -n "${python:-}" && -d "${sdk_root:-}/lib/googlecloudsdk/generated_clients/apis/monitoring" ]]; then
    "${python}" "${TEST_DIR}/validate-monitoring.py" "${sdk_root}/lib" "${SANDBOX}/dashboard.json" \
      "${SANDBOX}"/alert-*.json "${SANDBOX}"/log-metric-*.json || fail "a monitoring file does not match the API (above)"
  else
    echo "note: no Google Cloud CLI found: monitoring files not checked against the API schemas"
  fi
  assert_file_has "${SANDBOX}/dashboard.json" 'dataflow_googleapis_com:job_user_counter\{monitored_resource=\\"dataflow_job\\",job_name=\\"tweet-sentiment\\"'
  # Tweets scored per label per minute, from the pipeline's counters, stacked: the mix and the total.
  assert_file_has "${SANDBOX}/dashboard.json" '"title": "Tweets scored per label \(per minute\)"'
  assert_file_has "${SANDBOX}/dashboard.json" 'metric_name=~\\"scored_negative\|scored_neutral\|scored_positive\\"\}\[5m\]\)\) / 5"'
  assert_file_has "${SANDBOX}/dashboard.json" '"plotType": "STACKED_BAR"'
  assert_file_has "${SANDBOX}/alert-stale-data.json" 'resource.label.\\"subscription_id\\"=\\"tweets-dataflow\\"'
  # Notification channels, when configured, go to every policy.
  echo 'ALERT_NOTIFICATION_CHANNELS="projects/demo-project/notificationChannels/42"' >>"${INFRA_CONFIG}"
  must_run 13-monitoring.sh
  [[ "$(grep -c -- '--notification-channels=projects/demo-project/notificationChannels/42' "${STUB_LOG}")" == 3 ]] ||
    fail "the three policies do not all get the notification channel"
}

test_backfill_launches_a_batch_job_over_the_archive_days_of_its_range() {
  sandbox backfill
  must_run deploy-all.sh --token-file "${SANDBOX}/token.txt"
  reset_log
  must_run backfill.sh --from 2026-11-30 --to 2026-12-02 --model best
  # As the stub logs it (printf %q): * and , escaped.
  local patterns='gs://demo-project-tweet-archive/tweets/2026/11/30/\\\*\\\*\\,gs://demo-project-tweet-archive/tweets/2026/12/01/\\\*\\\*\\,gs://demo-project-tweet-archive/tweets/2026/12/02/\\\*\\\*'
  assert_log_has "^MUTATE gcloud dataflow flex-template run tweet-sentiment-backfill-20261130-20261202 .*--temp-location=gs://demo-project-tweet-sentiment/temp "
  assert_log_has "^MUTATE gcloud .*--parameters=\\\\\^@@\\\\\^backfill=true@@input=${patterns}@@backfillFrom=2026-11-30@@backfillTo=2026-12-02@@outputDataset=tweet_sentiment@@sentimentEndpoint=https://sentiment-service-.*@@model=best@@batchSize=256@@maxCallsInFlight=4 .*--flexrs-goal=COST_OPTIMIZED$"
  assert_log_lacks '^MUTATE gcloud dataflow flex-template run .*--enable-streaming-engine'
  [[ "$(mutations | wc -l)" == 1 ]] || fail "expected only the launch:"$'\n'"$(mutations)"
  reset_log
  must_run backfill.sh --from 2026-11-30 --to 2026-12-01 --margin-days 0 --now
  assert_log_has "input=gs://demo-project-tweet-archive/tweets/2026/11/30/\\\\\\*\\\\\\*\\\\,backfillFrom"
  assert_log_lacks 'flexrs'
  must_fail "--from (2026-12-01) must be before --to (2026-11-30)" backfill.sh --from 2026-12-01 --to 2026-11-30
  must_fail "--from must be a day, YYYY-MM-DD, got '2026-11'" backfill.sh --from 2026-11 --to 2026-12-01
  must_fail "--to must be a day" backfill.sh --from 2026-11-01 --to 2026-02-30
}

test_replay_republishes_dead_letters_with_their_attributes() {
  command -v jq >/dev/null 2>&1 || {
    [[ "${CI:-}" != true ]] || fail "jq is not installed and CI=true"
    skip "jq is not installed (the replay script needs it)"
  }
  sandbox replay
  must_run 07-pubsub.sh
  export STUB_BQ_ROWS="${SANDBOX}/rows.json"
  # bq --format=json output: a row with attributes (the query has a comma), one whose payload was
  # not valid UTF-8 (data null), one without attributes.
  cat >"${STUB_BQ_ROWS}" <<'EOF'
[{"data":"{\"data\":{\"id\":\"1861\",\"text\":\"hi, there\"}}","attributes":[{"key":"created_at","value":"2026-11-24T18:03:12.000Z"},{"key":"query","value":"(cats, OR dogs) lang:en"},{"key":"tweet_id","value":"1861"}]},
 {"data":null,"attributes":[{"key":"tweet_id","value":"1862"}]},
 {"data":"{\"data\":{\"id\":\"1863\",\"text\":\"x\"}}","attributes":[]}]
EOF
  reset_log
  must_run replay-dead-letters.sh --since '2026-11-24 00:00:00' --stage score --stage parse --limit 50
  assert_log_has '^READ bq .* query --use_legacy_sql=false --format=json --max_rows=50 --parameter=since:STRING:2026-11-24\\ 00:00:00 --parameter=stages:ARRAY\\<STRING\\>:\\\[\\"score\\"\\,\\"parse\\"\\\] --parameter=limit:INT64:50 '
  assert_log_has 'INTERVAL\\ 120\\ MINUTE'
  assert_log_has '^MUTATE gcloud pubsub topics publish tweets --project=demo-project --message=.*1861.* --attribute=\\\^@@\\\^created_at=2026-11-24T18:03:12\.000Z@@query=\\\(cats\\,\\ OR\\ dogs\\\)\\ lang:en@@tweet_id=1861 '
  assert_log_has '^MUTATE gcloud pubsub topics publish tweets --project=demo-project --message=.*1863.* --format=none$'
  [[ "$(mutations | wc -l)" == 2 ]] || fail "expected 2 publishes:"$'\n'"$(mutations)"
  assert_file_has "${SANDBOX}/err" "2 message\(s\) published to tweets; 1 skipped"
  # --dry-run reads the dead letters but publishes nothing.
  reset_log
  must_run replay-dead-letters.sh --since '2026-11-24 00:00:00' --until '2026-11-25 00:00:00' --dry-run
  assert_no_mutation "replay --dry-run"
  assert_log_has ' --parameter=until:STRING:2026-11-25\\ 00:00:00 .*TIMESTAMP\\\(@until\\\)'
  assert_file_has "${SANDBOX}/out" '^gcloud pubsub topics publish tweets '
  must_fail "only score and parse dead letters hold the original message" replay-dead-letters.sh --since x --stage write_windows
  must_fail "--since is required" replay-dead-letters.sh
}

# ---- Runner -----------------------------------------------------------------------------------------

passed=0 failed=0 skipped=0
failures=()
if (($#)); then tests=("$@"); else mapfile -t tests < <(declare -F | awk '$3 ~ /^test_/ { print $3 }'); fi
for t in "${tests[@]}"; do
  output="${WORK}/${t}.out"
  set +e
  (
    set -euo pipefail
    "${t}"
  ) >"${output}" 2>&1
  rc=$?
  set -e
  case "${rc}" in
    0)
      passed=$((passed + 1))
      printf 'ok    %s\n' "${t}"
      ;;
    77)
      skipped=$((skipped + 1))
      printf 'skip  %s: %s\n' "${t}" "$(sed -n 's/^SKIP: //p' "${output}")"
      ;;
    *)
      failed=$((failed + 1))
      failures+=("${t}")
      printf 'FAIL  %s\n' "${t}"
      sed 's/^/      /' "${output}" | tail -n 40
      ;;
  esac
done
printf '\ninfra tests: %d passed, %d failed, %d skipped\n' "${passed}" "${failed}" "${skipped}"
((failed == 0)) || {
  printf 'failed: %s\n' "${failures[*]}"
  exit 1
}
