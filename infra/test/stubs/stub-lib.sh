# Shared by the stub gcloud, bq and mvnw of the infra tests: a fake cloud kept as files.
#   $STUB_STATE/res/KEY      a resource that exists (its creating command line inside)
#   $STUB_STATE/iam/KEY      its IAM bindings, one "role<TAB>member" per line
#   $STUB_LOG                one line per call: "READ|MUTATE tool args..."
# STUB_FAIL_MATCH (a regex) makes every call whose command line matches it fail with
# STUB_FAIL_MESSAGE, to test error paths.
# shellcheck shell=bash

: "${STUB_STATE:?the infra tests set STUB_STATE}" "${STUB_LOG:?the infra tests set STUB_LOG}"
mkdir -p "${STUB_STATE}/res" "${STUB_STATE}/iam"

stub_key() { # words... -> a file name
  local IFS='~'
  local key="$*"
  printf '%s\n' "${key//\//%}"
}

stub_log() { # READ|MUTATE tool args...
  local kind=$1 tool=$2 line=""
  shift 2
  local arg
  for arg in "$@"; do line+=" $(printf '%q' "${arg}")"; done
  printf '%s %s%s\n' "${kind}" "${tool}" "${line}" >>"${STUB_LOG}"
  if [[ -n "${STUB_FAIL_MATCH:-}" && "${tool}${line}" =~ ${STUB_FAIL_MATCH} ]]; then
    printf '%s\n' "${STUB_FAIL_MESSAGE:-ERROR: stub failure}" >&2
    exit 1
  fi
}

res_exists() { [[ -f "${STUB_STATE}/res/$1" ]]; }
res_create() { # key content
  printf '%s\n' "$2" >"${STUB_STATE}/res/$1"
}
res_delete() { rm -f "${STUB_STATE}/res/$1" "${STUB_STATE}/iam/$1"; }
res_content() { cat "${STUB_STATE}/res/$1"; }
