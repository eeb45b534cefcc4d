#!/usr/bin/env bash
# 344 territories on a PostGIS store with two replicas (issue 29): Debian's PostgreSQL with
# PostGIS in a throwaway cluster, filled by `quartiers migrate` then a first `quartiers serve`
# from the 344-territory directory that `territory init --all` makes. Measures: the fill, a
# replica's start until /ready (peak RSS), a publication through replica A (a changed
# operations layer of Annemasse) until A and B both serve the new data version, and that a
# scoped credential of another territory is refused (403) with nothing staged. Not in CI:
# minutes. Loopback only. Prints the figures for benches/RESULTS.md.
#
# Usage: benches/territories344/postgis.sh   (env: START_TIMEOUT=180 OUT=dir)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
[ -x "$QUARTIERS_BIN" ] || { echo "$QUARTIERS_BIN missing (cargo build --release -p quartiers)"; exit 1; }
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL missing (tests/replicas/apt.txt)"; exit 1; }
START_TIMEOUT=${START_TIMEOUT:-180}
PY=${PY:-$HOME/.cache/quartiers/venv/bin/python}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do pkill -P "$p" -x quartiers 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  pg_kill "$work/pg"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ms() { date +%s%3N; }
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

mkdir -p "$work/d"
ln -s "$QUARTIERS_ROOT/data/france" "$work/d/france"
cp -r data/territories "$work/d/territories"
"$Q" territory init --all --data "$work/d" --json > "$OUT/init_all.json"
echo "territories: $(ls "$work/d/territories" | wc -l)"

pg_init "$work/pg"
pg_start "$work/pg" fsync=off
psql -X -q -h 127.0.0.1 -p "$pg_port" -U quartiers -d postgres -c "CREATE DATABASE sig"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U quartiers -d sig -c "CREATE EXTENSION postgis"
export NO_COLOR=1 QUARTIERS_STORE="postgresql://quartiers@127.0.0.1:$pg_port/sig" QUARTIERS_DATA="$work/d"
"$Q" migrate > /dev/null
admin_config "$work/server.toml" "requests_per_minute = 1000" "reload_check_s = 2"
tok_other=$(scoped_token "$work/server.toml" sig-ales ales-agglomeration)
tok=$(scoped_token "$work/server.toml" sig-annemasse annemasse-agglo)
printf '[log]\nlevel = "warn"\n' >> "$work/server.toml"

serve() { # serve NAME: a replica under /usr/bin/time; sets port_NAME, pid_NAME
  local port; port=$(free_port)
  /usr/bin/time -v -o "$OUT/time_$1.txt" "$Q" serve --config "$work/server.toml" --addr "127.0.0.1:$port" \
    --web "$work/no-web" >> "$OUT/$1.log" 2>&1 &
  pids+=($!)
  eval "port_$1=$port pid_$1=$!"
}
ready_ms() { # ready_ms PORT START
  local start=$2
  until curl -sf --max-time 1 "http://127.0.0.1:$1/ready" >/dev/null; do
    [ $(( $(ms) - start )) -gt $(( START_TIMEOUT * 1000 )) ] && { echo timeout; return; }
    sleep 0.05
  done
  echo $(( $(ms) - start ))
}
version() { curl -sf "http://127.0.0.1:$1/ready" | json 'd["version_donnees"]'; }
stop() { local p; p=$(eval echo "\$pid_$1"); pkill -INT -P "$p" -x quartiers || true; wait "$p" 2>/dev/null || true; }

# The first start fills the empty database from the directory.
t=$(ms); serve fill; fill=$(ready_ms "$port_fill" "$t")
echo "first start (PostGIS filled from 344 territories): ${fill} ms"
stop fill
echo "versions in the store: $("$Q" versions --json | json 'len(d)')"

# Two replicas.
t=$(ms); serve a; start_a=$(ready_ms "$port_a" "$t")
t=$(ms); serve b; start_b=$(ready_ms "$port_b" "$t")
echo "replica A ready in ${start_a} ms, replica B in ${start_b} ms"

# A scoped credential of another territory: 403, nothing staged.
"$PY" - "data/territories/annemasse-agglo/operations.geojson" "$work/ops.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["features"][0]["properties"]; f["titre"] = f["titre"] + " (essai 344)"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
staged_before=$(psql -X -At -h 127.0.0.1 -p "$pg_port" -U quartiers -d sig -c "SELECT count(*) FROM quartiers_imports")
code=$(curl -s -o "$OUT/refused.json" -w '%{http_code}' -H "Authorization: Bearer $tok_other" \
  -F "fichier=@$work/ops.geojson" -F territoire=annemasse-agglo -F couche=operations "http://127.0.0.1:$port_a/admin/import")
staged_after=$(psql -X -At -h 127.0.0.1 -p "$pg_port" -U quartiers -d sig -c "SELECT count(*) FROM quartiers_imports")
echo "import with another territory's credential: HTTP $code, staged imports $staged_before -> $staged_after"

# A publication through A, until A and B serve it.
before=$(version "$port_a")
t=$(ms)
id=$(curl -sf -H "Authorization: Bearer $tok" -F "fichier=@$work/ops.geojson" -F territoire=annemasse-agglo \
  -F couche=operations "http://127.0.0.1:$port_a/admin/import" | json 'd["import"]')
curl -sf -o /dev/null -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
  -d "{\"import\": $id, \"commentaire\": \"bench\"}" "http://127.0.0.1:$port_a/admin/publish"
answered=$(( $(ms) - t ))
a_ms=""; b_ms=""
while [ -z "$a_ms" ] || [ -z "$b_ms" ]; do
  [ -z "$a_ms" ] && [ "$(version "$port_a")" != "$before" ] && a_ms=$(( $(ms) - t ))
  [ -z "$b_ms" ] && [ "$(version "$port_b")" != "$before" ] && b_ms=$(( $(ms) - t ))
  [ $(( $(ms) - t )) -gt 60000 ] && break
  sleep 0.05
done
echo "publish through A: answered in ${answered} ms; served by A after ${a_ms:-timeout} ms, by B after ${b_ms:-timeout} ms"
stop a; stop b
for r in fill a b; do
  echo "peak RSS $r: $(grep 'Maximum resident' "$OUT/time_$r.txt" | awk '{print $NF}') KB"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); output in $OUT"
