#!/usr/bin/env bash
# The map's territory chooser with all 344 territories, in Chromium (issue 29): the suite's
# « many territories » browser test (tests/web/e2e.mjs: France first with its QPVs, a text
# field suggesting every territory and « Toute la France », a name typed without accents
# chosen and framed, an unknown name ignored, a territory picked in the search box) against a
# server on the 344 made by `territory init --all`. CI runs the same test on the 13 EPCIs of
# the Nord; this is the benchmark-sized run. Prints the test's lines and the server's start.
#
# Usage: benches/territories344/chooser.sh   (needs scripts/setup.sh --with-tests)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
[ -x "$QUARTIERS_BIN" ] || { echo "$QUARTIERS_BIN missing (cargo build --release -p quartiers)"; exit 1; }
[ -d tests/web/node_modules ] || { echo "tests/web/node_modules missing: run tests/web/run.sh once"; exit 1; }
web/build.sh >/dev/null
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir "$work/territories" && ln -s "$QUARTIERS_ROOT/data/france" "$work/france"
"$QUARTIERS_BIN" territory init --all --data "$work" >/dev/null
count=$(ls "$work/territories" | wc -l)
port=$(free_port)
t0=$(date +%s%3N)
"$QUARTIERS_BIN" serve --data "$work" --addr "127.0.0.1:$port" --web web/dist >"$work/log" 2>&1 &
server=$!
wait_http "http://127.0.0.1:$port/style.json" $server "$work/log"
echo "$count territories served in $(( $(date +%s%3N) - t0 )) ms"
E2E_ONLY="many territories" MANY_BASE="http://127.0.0.1:$port" MANY_SUGGESTIONS=$((count + 1)) \
  node tests/web/e2e.mjs "http://127.0.0.1:$port"
