#!/usr/bin/env bash
# Real clients against the release server: GDAL's OAPIF driver lists and copies every
# collection (counts equal to numberMatched), Lambert-93 through the server's crs parameter
# against GDAL's own reprojection, OWSLib reads items, schemathesis fuzzes /api.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$QUARTIERS_ROOT"
PY="$QUARTIERS_VENV/bin/python"
work=$(mktemp -d)
port=$(free_port)
RUST_LOG=warn "$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:$port" --web "$work/no-web" \
  > "$work/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
wait_http "http://127.0.0.1:$port/ready" "$pid" "$work/server.log"

status=0
"$PY" tests/server_ogc/check.py "http://127.0.0.1:$port" "$work" || status=1

echo "== schemathesis on /api"
st_log="$work/schemathesis.log"
# Run from the scratch directory: schemathesis keeps a .schemathesis/ cache in its working one.
if (cd "$work" && timeout 170 "$QUARTIERS_VENV/bin/schemathesis" run "http://127.0.0.1:$port/api" \
    --checks not_a_server_error --max-examples 12 --seed 4 --workers 1 \
    --request-timeout 20 > "$st_log" 2>&1); then
  echo "schemathesis: ok"; grep -E "generated|Seed" "$st_log"; st_ok=1
else
  echo "schemathesis: FAILED"; tail -n 60 "$st_log"; st_ok=0; status=1
fi

# Any panic or server error logged fails the suite too.
if grep -E "panicked|ERROR" "$work/server.log"; then
  echo "server log has errors"; status=1; log_ok=0
else
  log_ok=1
fi
passed=$(( $(cat "$work/passed" 2>/dev/null || echo 0) + st_ok + log_ok ))
failed=$(( $(cat "$work/failed" 2>/dev/null || echo 1) + (1 - st_ok) + (1 - log_ok) ))
echo "$passed passed, $failed failed"
exit $status
