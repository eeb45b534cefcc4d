#!/usr/bin/env bash
# End-to-end tests of the web map: builds web/dist, imports real addresses (geocoder-tester) into
# an address index of its own, starts the real `quartiers serve` on a free loopback port with
# --web web/dist, runs the map's unit tests (node --test) and the browser tests (Debian's
# Chromium headless through playwright-core, axe-core for accessibility).
# SCREENSHOTS=DIR also writes the desktop and phone screenshots there (docs/screenshots).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here=tests/web

web/build.sh >/dev/null
stamp=$here/node_modules/.lock.sha
want=$(sha256sum $here/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd $here && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# Real addresses (geocoder-tester: BANO data in the BAN format) in an index of the suite's own:
# the search box's suggestions and « Vérifier une liste d'adresses » run against the real
# /geocode and /batch. None is in Haute-Savoie: « Aucune adresse trouvée » is said there.
addresses=$(mktemp -d)
"$QUARTIERS_BIN" import-addresses --addresses "$addresses" --attribution 'BANO (© contributeurs OpenStreetMap)' --licence ODbL-1.0 \
  tests/data/geocoder-tester/ban_dev.csv.gz >/dev/null

port=$(free_port)
log=$(mktemp)
"$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:$port" --web web/dist --addresses "$addresses" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$log" "$addresses"' EXIT
wait_http "http://127.0.0.1:$port/style.json" $server "$log"

# A second server on a GeoPackage store in which one change was published through the CLI (a
# status, as a SIG team publishes it), for the « Nouveautés » case: what residents see of it.
news=$(mktemp -d)
python3 - data/territories/annemasse-agglo/operations.geojson "$news/statut.geojson" <<'PY'
import json, sys
fc = json.load(open(sys.argv[1], encoding="utf-8"))
op = next(f for f in fc["features"] if f["properties"]["id"] == "npnru-demolition-chateau-rouge")
op["properties"]["statut"] = "en travaux"
json.dump(fc, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
QUARTIERS_STORE="$news/store.gpkg" QUARTIERS_DATA=data QUARTIERS_AUTHOR=e2e "$QUARTIERS_BIN" import \
  --territory annemasse-agglo --layer operations "$news/statut.geojson" --publish --comment "démolition commencée" >/dev/null
news_port=$(free_port)
QUARTIERS_STORE="$news/store.gpkg" "$QUARTIERS_BIN" serve --addr "127.0.0.1:$news_port" --web web/dist >"$news/log" 2>&1 &
news_server=$!
trap 'kill $server $news_server 2>/dev/null || true; wait $server $news_server 2>/dev/null || true; rm -rf "$log" "$addresses" "$news"' EXIT
wait_http "http://127.0.0.1:$news_port/style.json" $news_server "$news/log"

# A third server on many territories and no default one (issue 29): the 13 EPCIs of the Nord
# hosting a QPV, made by `territory init --departement 59` from the bundled contours (0.2 s),
# without the bundled territories — the map's default, Annemasse, is not among them.
many=$(mktemp -d)
mkdir "$many/territories" && ln -s "$QUARTIERS_ROOT/data/france" "$many/france"
"$QUARTIERS_BIN" territory init --departement 59 --data "$many" >/dev/null
many_port=$(free_port)
"$QUARTIERS_BIN" serve --data "$many" --addr "127.0.0.1:$many_port" --web web/dist >"$many/log" 2>&1 &
many_server=$!
trap 'kill $server $news_server $many_server 2>/dev/null || true; wait $server $news_server $many_server 2>/dev/null || true; rm -rf "$log" "$addresses" "$news" "$many"' EXIT
wait_http "http://127.0.0.1:$many_port/style.json" $many_server "$many/log"

echo "== web: unit tests (node --test web/test)"
unit_out=$(node --test web/test/ 2>&1) || true
unit_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' <<<"$unit_out")
unit_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' <<<"$unit_out")
[ -n "$unit_pass" ] || { echo "$unit_out"; unit_pass=0; unit_fail=1; }
grep -E '^not ok' <<<"$unit_out" || true
echo "unit: $unit_pass passed, $unit_fail failed"

echo "== web: browser tests against http://127.0.0.1:$port"
shots=()
if [ -n "${SCREENSHOTS:-}" ]; then mkdir -p "$SCREENSHOTS"; shots=("$SCREENSHOTS"); fi
e2e_out=$(mktemp)
NEWS_BASE="http://127.0.0.1:$news_port" MANY_BASE="http://127.0.0.1:$many_port" QUARTIERS_PYTHON="$QUARTIERS_VENV/bin/python" node $here/e2e.mjs "http://127.0.0.1:$port" "${shots[@]}" | tee "$e2e_out" || true
e2e_pass=$(sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p' "$e2e_out" | tail -1)
e2e_fail=$(sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p' "$e2e_out" | tail -1)
rm -f "$e2e_out"
[ -n "$e2e_pass" ] || { e2e_pass=0; e2e_fail=1; echo "web: the browser tests did not finish"; }
passed=$((unit_pass + e2e_pass)); failed=$((unit_fail + e2e_fail))
echo "$passed passed, $failed failed"
[ $failed = 0 ]
