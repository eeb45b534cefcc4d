#!/usr/bin/env bash
# The France-wide answer (issue 25) checked end to end: the real `quartiers serve` over the
# bundled data, asked about random QPVs, communes and contracts of France; each answer's
# contracts, posts and programme dates recomputed from the raw files (check_national.py).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin national

port=$(free_port)
log=$(mktemp)
web=$(mktemp -d)
"$Q" serve --data data --addr "127.0.0.1:$port" --web "$web" >"$log" 2>&1 &
server=$!
trap 'stop_server $server; rm -rf "$log" "$web"' EXIT
wait_http "http://127.0.0.1:$port/health" $server "$log"

status=0
python3 tests/national/check_national.py "http://127.0.0.1:$port" "$QUARTIERS_ROOT" || status=$?
if grep -E '\b(ERROR|panicked)\b' "$log"; then
  echo "national: the server logged errors"
  status=1
fi
exit $status
