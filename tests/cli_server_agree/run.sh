#!/usr/bin/env bash
# The CLI and the server apply the same rules (issue 28): for the same place, `quartiers query
# --json` and `/impacts` give the same answer — a point, a quartier, a commune, a drawn square
# and a self-intersecting one (repaired with the same warning), and the same refusal for a
# degenerate ring. One release server on the bundled data; see check.py.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin cli_server_agree

port=$(free_port)
log=$(mktemp)
work=$(mktemp -d)
"$Q" serve --data data --addr "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
trap 'stop_server $server; rm -rf "$log" "$work"' EXIT
wait_http "http://127.0.0.1:$port/health" $server "$log"

python3 tests/cli_server_agree/check.py "$Q" "http://127.0.0.1:$port" "$work"
