#!/usr/bin/env bash
# Makes docs/images/local-run-page.png, the README's picture, from the README's own first command:
# the local run of the bundled recording (accurate model, output/), photographed by headless
# Chromium on its live page once the run is over, then let go.
#
# Usage: docs/images/local-run-page.sh   (needs chromium; fonts-noto-color-emoji and
#        fonts-noto-cjk draw the tweets' emoji and Japanese)
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
[[ -f local-run/target/sentiment-pipeline.jar ]] || ./mvnw -q -pl local-run -am package -DskipTests

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkfifo "$work/enter"
# The README's command, in a terminal (script) so the page stays up until Enter.
script -qfc "java -jar local-run/target/sentiment-pipeline.jar" /dev/null <"$work/enter" \
  >"$work/console" 2>&1 &
run=$!
exec 3>"$work/enter"

for _ in $(seq 1 600); do
  grep -q "press Enter to exit" "$work/console" && break
  kill -0 "$run" 2>/dev/null || { cat "$work/console" >&2; exit 1; }
  sleep 1
done
grep -q "press Enter to exit" "$work/console" || { echo "the run did not finish" >&2; exit 1; }

chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 \
  --virtual-time-budget=5000 --screenshot="$PWD/docs/images/local-run-page.png" \
  http://127.0.0.1:8642/ 2>/dev/null
echo >&3
wait "$run" || true
grep -E "Pipeline|Report:" "$work/console" | tr -d '\r'
echo "wrote docs/images/local-run-page.png"
