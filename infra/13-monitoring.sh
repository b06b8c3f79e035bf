#!/usr/bin/env bash
# Creates the log-based metrics the alerts read (infra/monitoring/log-metrics/*.json, matched by
# name), the Cloud Monitoring dashboard (infra/monitoring/dashboard.json) and the alert policies
# (infra/monitoring/alert-*.json), with this configuration's names filled in. Each is matched by its
# display name: one that exists is left as it is (delete it in the console, or run teardown, to
# recreate it from a changed file). Alert policies use `gcloud alpha`: gcloud components install alpha.
#
# Usage: infra/13-monitoring.sh [--dry-run]
#   --dry-run   print the commands instead of running them; nothing is changed (the rendered
#               files are kept for inspection)
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
init_simple_script "$@"

rendered_dir="$(mktemp -d "${TMPDIR:-/tmp}/tweet-sentiment-monitoring.XXXXXX")"
if is_dry_run; then
  log "    rendered files in ${rendered_dir}"
else
  trap 'rm -rf "${rendered_dir}"' EXIT
fi

ensure_from_file() { # kind ("dashboard" | "policy") template
  local kind=$1 template=$2 file name
  file="${rendered_dir}/$(basename "${template}")"
  render_template "${template}" "${MONITORING_PLACEHOLDERS[@]}" >"${file}"
  name="$(monitoring_display_name "${template}")"
  [[ -n "${name}" ]] || die "${template} has no displayName"
  local -a group=(monitoring dashboards) create_flags=(--config-from-file="${file}")
  if [[ "${kind}" == policy ]]; then
    group=(alpha monitoring policies)
    create_flags=(--policy-from-file="${file}")
    [[ -z "${ALERT_NOTIFICATION_CHANNELS:-}" ]] || create_flags+=(--notification-channels="${ALERT_NOTIFICATION_CHANNELS}")
  fi
  local existing
  existing="$(list_lines gcloud "${group[@]}" list --project="${PROJECT_ID}" --format='value(name,displayName)')"
  if awk -F'\t' -v n="${name}" '$2 == n { found = 1 } END { exit !found }' <<<"${existing}"; then
    log "    ${kind} \"${name}\" exists"
  else
    run gcloud "${group[@]}" create "${create_flags[@]}" --project="${PROJECT_ID}" --format=none
  fi
}

step "Log-based metrics"
for metric in "${INFRA_DIR}"/monitoring/log-metrics/*.json; do
  name="$(basename "${metric}" .json)"
  if exists gcloud logging metrics describe "${name}" --project="${PROJECT_ID}"; then
    log "    log metric ${name} exists"
  else
    rendered="${rendered_dir}/log-metric-${name}.json"
    render_template "${metric}" "${MONITORING_PLACEHOLDERS[@]}" >"${rendered}"
    run gcloud logging metrics create "${name}" --config-from-file="${rendered}" \
      --project="${PROJECT_ID}" --format=none
  fi
done

step "Monitoring dashboard and alert policies"
ensure_from_file dashboard "${INFRA_DIR}/monitoring/dashboard.json"
for policy in "${INFRA_DIR}"/monitoring/alert-*.json; do
  ensure_from_file policy "${policy}"
done
if [[ -z "${ALERT_NOTIFICATION_CHANNELS:-}" ]]; then
  log "    no ALERT_NOTIFICATION_CHANNELS: the alerts show in the console only; add channels to be notified"
fi
