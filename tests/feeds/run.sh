#!/usr/bin/env bash
# Follow a quartier (issue 16), over both stores: the release binary serving a GeoPackage
# store, then a PostGIS one (Debian's PostgreSQL in a throwaway cluster); on each,
# scenario.py publishes real changes — a status, a date, a geometry, a removal, a rollback —
# through the CLI and the admin API, and reads back the item history, /changements, the Atom
# feeds (feedparser, no bozo) with their validators, the HTML feed links and the OpenAPI
# document. Any panic or ERROR in a server log fails the suite.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin feeds
PY="$QUARTIERS_VENV/bin/python"
work=$(mktemp -d)
chmod 755 "$work"
pid=""
cleanup() {
  stop_server "$pid"
  pg_kill "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

passed=0; failed=0
export NO_COLOR=1 QUARTIERS_DATA=data QUARTIERS_AUTHOR=e2e
admin_config "$work/server.toml" "requests_per_minute = 600" "reload_check_s = 1"

# run_scenario NAME: a server on $QUARTIERS_STORE, the scenario, the server's log checked.
run_scenario() {
  local name=$1 port log="$work/$1.log"
  port=$(free_port)
  mkdir -p "$work/$name"
  RUST_LOG=warn "$Q" serve --config "$work/server.toml" --addr "127.0.0.1:$port" --web "$work/no-web" > "$log" 2>&1 &
  pid=$!
  if ! wait_http "http://127.0.0.1:$port/ready" "$pid" "$log"; then
    failed=$((failed + 1)); echo "FAILED - [$name] server did not start"; return
  fi
  local out
  out=$("$PY" tests/feeds/scenario.py "$name" "http://127.0.0.1:$port" "$token" "$Q" "$work/$name" 2>&1) || true
  echo "$out" | grep -v '^RESULT '
  local result
  result=$(echo "$out" | grep '^RESULT ' | tail -n 1)
  if [ -n "$result" ]; then
    passed=$((passed + $(echo "$result" | cut -d' ' -f2))); failed=$((failed + $(echo "$result" | cut -d' ' -f3)))
  else
    failed=$((failed + 1)); echo "FAILED - [$name] the scenario stopped early"
  fi
  if grep -E "panicked|ERROR" "$log"; then
    failed=$((failed + 1)); echo "FAILED - [$name] server log has errors"
  else
    passed=$((passed + 1)); echo "ok - [$name] server log without panic or error"
  fi
  stop_server "$pid"; pid=""
}

# --- GeoPackage ------------------------------------------------------------------------------
export QUARTIERS_STORE="$work/store.gpkg"
run_scenario geopackage

# --- PostGIS ---------------------------------------------------------------------------------
if [ -x "$PGBIN/initdb" ]; then
  pg_init "$work/pg"
  pg_start "$work/pg" fsync=off
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U quartiers -d postgres -c "CREATE DATABASE sig"
  export QUARTIERS_STORE="postgresql://quartiers@127.0.0.1:$pg_port/sig"
  if out=$("$Q" migrate 2>&1); then
    run_scenario postgis
  else
    failed=$((failed + 1)); echo "FAILED - [postgis] quartiers migrate"; echo "$out"
  fi
else
  failed=$((failed + 1)); echo "FAILED - [postgis] PostgreSQL missing (tests/feeds/apt.txt)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
