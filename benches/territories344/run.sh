#!/usr/bin/env bash
# Every agglomeration in one instance (issue 29): the 4 bundled territories against the 344
# made by `quartiers territory init --all` (the 4 bundled kept, the 340 others created from the
# bundled contours) in a temporary data directory. Served from the directory: start until
# /ready, RSS, /impacts throughput on the same random points inside QPVs all over France (wrk
# -t2 -c64), peak RSS (/usr/bin/time -v) and, with 344, every QPV asked once must list the
# territory of its EPCI (check.py), and the OGC side (ogc.py: paging, CQL2 on territoire,
# tiles z8–z14). Then on a GeoPackage store: the first start (store filled from the
# directory), a restart, POST /admin/publish of a changed operations layer until the new data
# version is served. Not in CI: minutes. Loopback only.
#
# Served from the directory first, then from the store (a start not ready within START_TIMEOUT
# seconds is reported as such and its publish skipped).
#
# Usage: benches/territories344/run.sh   (env: DURATION=10 POINTS=3000 START_TIMEOUT=120 OUT=dir)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
DURATION=${DURATION:-10} POINTS=${POINTS:-3000} START_TIMEOUT=${START_TIMEOUT:-120}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }
[ -x "$QUARTIERS_BIN" ] || { echo "$QUARTIERS_BIN missing (cargo build --release -p quartiers)"; exit 1; }
PY=${PY:-$HOME/.cache/quartiers/venv/bin/python}
here=benches/territories344
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then pkill -P "$pid" -x quartiers || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ms() { date +%s%3N; }

for n in 4 344; do
  mkdir -p "$work/d$n"; ln -s "$QUARTIERS_ROOT/data/france" "$work/d$n/france"
  cp -r data/territories "$work/d$n/territories"
done
t=$(ms)
"$Q" territory init --all --data "$work/d344" --json > "$OUT/init_all.json"
init_ms=$(( $(ms) - t ))
"$PY" - "$OUT/init_all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"territory init --all: {d['nb_epci']} EPCI, {len(d['crees'])} created, "
      f"{len(d['deja_presents'])} already there, {len(d['echecs'])} failed, {d['duree_s']} s")
PY
echo "territories in d344: $(ls "$work/d344/territories" | wc -l); init wall time ${init_ms} ms"
"$PY" "$here/points.py" "$work/d344" "$OUT" "$POINTS"

token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
hash=$(echo "$token" | "$Q" hash-token)
printf '[log]\nlevel = "warn"\n[admin]\ntoken_hash = "%s"\nrequests_per_minute = 1000\n' "$hash" > "$work/server.toml"
auth="Authorization: Bearer $token"

serve() { # serve N [--store]: the server on d$N (its directory, or a GeoPackage store filled
  # from it) under /usr/bin/time; sets pid, port, base
  local store=()
  [ "${2:-}" = --store ] && store=(--store "$work/s$1.gpkg")
  port=$(free_port); base="http://127.0.0.1:$port"
  /usr/bin/time -v -o "$OUT/time$1.txt" "$Q" serve --config "$work/server.toml" --data "$work/d$1" \
    "${store[@]}" --addr "127.0.0.1:$port" --web "$work/no-web" >> "$OUT/server$1.log" 2>&1 &
  pid=$!
}
ready_ms() { # ready_ms START: wait for /ready (at most START_TIMEOUT s), print the ms since START or "timeout"
  local start=$1
  until curl -sf --max-time 1 "$base/ready" >/dev/null; do
    kill -0 "$pid" || { tail "$OUT/server$n.log"; exit 1; }
    [ $(( $(ms) - start )) -gt $(( START_TIMEOUT * 1000 )) ] && { echo timeout; return; }
    sleep 0.05
  done
  echo $(( $(ms) - start ))
}
# /usr/bin/time does not pass signals on: the server, its child, is stopped; time then writes.
server_pid() { pgrep -P "$pid" -x quartiers; }
stop() { kill "$(server_pid)"; wait "$pid" 2>/dev/null || true; pid=""; }
version() { curl -sf "$base/ready" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["version_donnees"])'; }

# Served from the directory: start, RSS, /impacts throughput, every QPV's territory.
for n in 4 344; do
  t=$(ms); serve $n; start=$(ready_ms "$t")
  rss_ready=$(awk '/^VmRSS:/ {print $2}' "/proc/$(server_pid)/status")
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$OUT/impacts_qpv.lua" "$base" > "$OUT/wrk$n.txt"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk$n.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk$n.txt"); p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk$n.txt")
  errors=$(grep -E "Non-2xx|Socket errors" "$OUT/wrk$n.txt" || echo "none")
  if [ "$n" = 344 ]; then
    "$PY" "$here/check.py" "$base" "$OUT/checks.json" | tee "$OUT/check.txt" || true
    # Paging of the territories, CQL2 on territoire, tiles z8–z14 over 8 territories.
    "$PY" "$here/ogc.py" "$base" 8 | tee "$OUT/ogc.txt" || true
  fi
  stop
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time$n.txt")
  echo "directory territories=$n start_ms=$start rss_ready_kb=$rss_ready peak_rss_kb=$peak impacts_rps=$rps p50=$p50 p99=$p99 errors=$errors" | tee -a "$OUT/figures.txt"
done

# On a GeoPackage store: first start (store filled), restart, a publish until served.
for n in 4 344; do
  t=$(ms); serve $n --store; first=$(ready_ms "$t")
  if [ "$first" = timeout ]; then
    stop; echo "store territories=$n first_start=not ready after ${START_TIMEOUT} s" | tee -a "$OUT/figures.txt"; continue
  fi
  stop
  t=$(ms); serve $n --store; start=$(ready_ms "$t")
  "$PY" - "$work/ops.geojson" <<'PY'
import json, sys
d = json.load(open("data/territories/annemasse-agglo/operations.geojson"))
f = d["features"][0]["properties"]; f["titre"] = f["titre"] + " (essai 344)"
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
  before=$(version)
  id=$(curl -sf -H "$auth" -F "fichier=@$work/ops.geojson" -F territoire=annemasse-agglo -F couche=operations \
    "$base/admin/import" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["import"])')
  t=$(ms)
  curl -sf -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d "{\"import\": $id, \"commentaire\": \"bench\"}" "$base/admin/publish"
  answered=$(( $(ms) - t ))
  until [ "$(version)" != "$before" ]; do sleep 0.02; done
  reload=$(( $(ms) - t ))
  stop
  echo "store territories=$n first_start_ms=$first start_ms=$start publish_answer_ms=$answered reload_ms=$reload" | tee -a "$OUT/figures.txt"
done
echo "output in $OUT"
