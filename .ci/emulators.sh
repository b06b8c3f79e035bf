#!/usr/bin/env bash
# Starts the Pub/Sub and Firestore emulators on free loopback ports and exports the variables the
# tests read (PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST). Source it, then call
# `emulators_start`; `emulators_stop` (or the EXIT trap it installs) stops both.
#
#   source .ci/emulators.sh && emulators_start && ./mvnw verify

EMULATOR_LOG_DIR="${EMULATOR_LOG_DIR:-${TMPDIR:-/tmp}/tweet-sentiment-emulators}"
EMULATOR_PROJECT="${EMULATOR_PROJECT:-tweet-sentiment-test}"
_emulator_pids=()

_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_wait_for() { # name host:port log
  local name=$1 hostport=$2 log=$3
  for _ in $(seq 1 120); do
    if curl -fsS "http://${hostport}" >/dev/null 2>&1; then
      echo "emulators: ${name} ready on ${hostport}"
      return 0
    fi
    sleep 0.5
  done
  echo "emulators: ${name} did not start on ${hostport} within 60 s; its log:" >&2
  tail -n 40 "$log" >&2 || true
  return 1
}

emulators_start() {
  if ! command -v gcloud >/dev/null 2>&1; then
    echo "emulators: gcloud is not installed; emulator tests will be skipped (failed under CI=true)" >&2
    return 0
  fi
  mkdir -p "$EMULATOR_LOG_DIR"
  local pubsub_port firestore_port
  pubsub_port=$(_free_port)
  firestore_port=$(_free_port)

  # setsid gives each emulator its own process group, so stopping it also stops the JVM it forks.
  setsid gcloud beta emulators pubsub start --project="$EMULATOR_PROJECT" \
    --host-port="127.0.0.1:${pubsub_port}" >"$EMULATOR_LOG_DIR/pubsub.log" 2>&1 &
  _emulator_pids+=($!)
  setsid gcloud emulators firestore start \
    --host-port="127.0.0.1:${firestore_port}" >"$EMULATOR_LOG_DIR/firestore.log" 2>&1 &
  _emulator_pids+=($!)
  trap emulators_stop EXIT

  _wait_for "Pub/Sub emulator" "127.0.0.1:${pubsub_port}" "$EMULATOR_LOG_DIR/pubsub.log"
  _wait_for "Firestore emulator" "127.0.0.1:${firestore_port}" "$EMULATOR_LOG_DIR/firestore.log"
  export PUBSUB_EMULATOR_HOST="127.0.0.1:${pubsub_port}"
  export FIRESTORE_EMULATOR_HOST="127.0.0.1:${firestore_port}"
  export PUBSUB_PROJECT_ID="$EMULATOR_PROJECT"
}

emulators_stop() {
  local pid
  for pid in "${_emulator_pids[@]}"; do
    kill -TERM -- "-${pid}" 2>/dev/null || true
  done
  for pid in "${_emulator_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  _emulator_pids=()
}
