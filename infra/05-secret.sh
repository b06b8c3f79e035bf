#!/usr/bin/env bash
# Creates the Secret Manager secret for the X API bearer token and adds the token as its first
# version. The token is read from a file or stdin, never from the command line, and never printed.
# Once the secret has a version, a run changes nothing unless --rotate is given.
#
# Usage: infra/05-secret.sh [--dry-run] [--token-file FILE] [--rotate]
#   --token-file FILE   read the token from FILE (default: X_BEARER_TOKEN_FILE, else stdin or a prompt)
#   --rotate            add the token as a new version even if the secret has one (token rotation)
#   --dry-run           print the commands instead of running them; nothing is changed
#
#   infra/05-secret.sh --token-file ~/x-token.txt
#   pass show x/bearer | infra/05-secret.sh --rotate
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

token_file=""
rotate=0
while (($#)); do
  case "$1" in
    --token-file)
      (($# >= 2)) || usage_error "--token-file needs a file"
      token_file=$2
      shift
      ;;
    --token-file=*) token_file=${1#*=} ;;
    --rotate) rotate=1 ;;
    *) parse_common_flag "$1" || usage_error "unknown option: $1" ;;
  esac
  shift
done
load_config
token_file=${token_file:-${X_BEARER_TOKEN_FILE:-}}

# The token, without the surrounding whitespace a file or a paste adds.
read_token() {
  local token
  if [[ -n "${token_file}" ]]; then
    [[ -r "${token_file}" ]] || die "cannot read the token file ${token_file}"
    token="$(<"${token_file}")"
  elif [[ -t 0 ]]; then
    read -rsp "X API bearer token (input hidden): " token
    printf '\n' >&2
  else
    token="$(cat)"
  fi
  token="${token#"${token%%[![:space:]]*}"}"
  token="${token%"${token##*[![:space:]]}"}"
  [[ -n "${token}" ]] || die "no X API bearer token: pass --token-file FILE or pipe the token on stdin"
  [[ "${token}" != *[[:space:]]* ]] || die "the X API bearer token contains whitespace: check the file or the paste"
  printf '%s' "${token}"
}

step "Secret ${SECRET_NAME}"
if exists gcloud secrets describe "${SECRET_NAME}" --project="${PROJECT_ID}"; then
  log "    secret ${SECRET_NAME} exists"
else
  run gcloud secrets create "${SECRET_NAME}" --project="${PROJECT_ID}" --replication-policy=automatic \
    --labels=app=tweet-sentiment
fi

enabled_version="$(list_lines gcloud secrets versions list "${SECRET_NAME}" --project="${PROJECT_ID}" \
  --filter='state=ENABLED' --limit=1 --format='value(name)')"
if [[ -n "${enabled_version}" && "${rotate}" == 0 ]]; then
  log "    secret ${SECRET_NAME} has an enabled version; --rotate adds a new one"
elif is_dry_run; then
  run_with_stdin "" gcloud secrets versions add "${SECRET_NAME}" --project="${PROJECT_ID}" --data-file=-
else
  token="$(read_token)"
  run_with_stdin "${token}" gcloud secrets versions add "${SECRET_NAME}" --project="${PROJECT_ID}" --data-file=- \
    --format=none
  unset token
  if [[ "${rotate}" == 1 ]]; then
    log "    new version added: the function reads it at its next cold start (redeploy it to switch now)"
  fi
fi

# Ingest function: read the token (its deployment maps the secret's latest version to X_BEARER_TOKEN).
ensure_binding secrets "${SECRET_NAME}" roles/secretmanager.secretAccessor "$(sa_member "${SA_INGEST}")"
