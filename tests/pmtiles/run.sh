#!/usr/bin/env bash
# PMTiles for static hosting: exports one bundled territory, Annemasse (z0-14), and the national
# layer with the four bundled territories (z0-10, lean) with the real binary; serves each beside
# the live tiles of the same data (a server of Annemasse alone with its archive at
# /tiles.pmtiles, a server of all four), checks with Protomaps' Python reader that every
# archived tile equals the server's, then that the web map pointed at the territory archive
# (config.json) draws from it in Chromium.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here=tests/pmtiles

work=$(mktemp -d)
log=$work/server.log
trap 'kill ${server:-0} ${national:-0} 2>/dev/null || true; wait ${server:-0} ${national:-0} 2>/dev/null || true; rm -rf "$work"' EXIT

"$QUARTIERS_BIN" export-pmtiles --data data --territory annemasse-agglo -o "$work/annemasse.pmtiles"
"$QUARTIERS_BIN" export-pmtiles --data data --max-zoom 10 -o "$work/france.pmtiles"
# A bad zoom range is refused with a message and no archive.
if "$QUARTIERS_BIN" export-pmtiles --data data --min-zoom 9 --max-zoom 3 -o "$work/bad.pmtiles" 2>"$work/err"; then
  echo "FAIL export-pmtiles accepted --min-zoom 9 --max-zoom 3"; exit 1
fi
grep -q "zooms 9 à 3" "$work/err" || { echo "FAIL unclear error:"; cat "$work/err"; exit 1; }

port=$(free_port)
"$QUARTIERS_BIN" serve --data data --territory annemasse-agglo --addr "127.0.0.1:$port" --web "$work/web" \
  --pmtiles "$work/annemasse.pmtiles" >"$log" 2>&1 &
server=$!
n_port=$(free_port)
"$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:$n_port" --web "$work/web" >"$work/national.log" 2>&1 &
national=$!
wait_http "http://127.0.0.1:$port/tiles.json" $server "$log"
wait_http "http://127.0.0.1:$n_port/tiles.json" $national "$work/national.log"

passed=0; failed=0
# count OUTPUT: adds the closing `N passed, N failed` of a check to the suite's.
count() {
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$1" | tail -n 1)
  if [ -z "$line" ]; then failed=$((failed + 1)); echo "FAIL the check stopped early"; return; fi
  passed=$((passed + $(cut -d' ' -f1 <<<"$line"))); failed=$((failed + $(cut -d' ' -f3 <<<"$line")))
}
out=$("$QUARTIERS_VENV/bin/python" $here/check_archive.py "http://127.0.0.1:$port" \
  "$work/annemasse.pmtiles" "http://127.0.0.1:$n_port" "$work/france.pmtiles" 2>&1) || true
echo "$out"; count "$out"

# The web map (built by setup into web/dist) pointed at the archive by its config.json.
stamp=$here/node_modules/.lock.sha
want=$(sha256sum $here/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd $here && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
[ -f web/dist/index.html ] || web/build.sh >/dev/null
cp -r web/dist "$work/web"
echo '{ "fond_de_carte": null, "tuiles_pmtiles": "/tiles.pmtiles" }' > "$work/web/config.json"
out=$(node $here/browser.mjs "http://127.0.0.1:$port" 2>&1) || true
echo "$out"; count "$out"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
