#!/usr/bin/env bash
# The peers a GIS team would deploy instead of `quartiers serve`, on the same national QPV
# layer, the same requests, in one run (issues 4 and 15): PostGIS (Debian
# postgresql-15-postgis-3) in a throwaway cluster with the layer loaded by ogr2ogr (primary
# key `code`); pygeoapi on its PostgreSQL provider (gunicorn, 4 workers) and tipg (uvicorn, 4
# workers) against our OGC API items, unfiltered and CQL2-filtered; Martin 1.14.0 and tipg
# against our tiles, cache off then on (tipg has no tile cache). Before any measurement,
# same_answers.py checks that every peer answers the same QPV as ours (sample bbox pages, single
# items, filtered pages, z14 tiles) and the run stops if one differs. wrk at CONNECTIONS for
# DURATION_S each, 14 wrk runs in all (about 14 × DURATION_S plus ~2 min of setup, more on
# the first run: Martin's build). Everything on loopback, on this machine.
#
# Setup (outside the clone, reused): Martin built with
#   cargo install martin --version 1.14.0 --locked --no-default-features --features postgres \
#     --root ~/.cache/quartiers/peers/martin
# pygeoapi in its own venv (~/.cache/quartiers/peers/pygeoapi-venv: pip install pygeoapi
# psycopg2-binary SQLAlchemy GeoAlchemy2 gunicorn) and tipg in another
# (~/.cache/quartiers/peers/tipg-venv: pip install tipg uvicorn); this script does all three
# when missing. PEERS (default "pygeoapi tipg martin") chooses the peers, e.g. PEERS="tipg" for
# a short check that builds nothing. ENCODING (e.g. "gzip, br") sends that Accept-Encoding with
# every measured request, to every server (unset: none, as before).
# Usage: benches/peers/run.sh [DURATION_S=15] [CONNECTIONS=64]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
duration=${1:-15}
conns=${2:-64}
peers=$QUARTIERS_CACHE/peers
out=benches/generated/peers
mkdir -p "$out" "$peers"
rm -f "$out"/*.txt
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }
command -v ogr2ogr >/dev/null || { echo "ogr2ogr missing: apt-get install gdal-bin"; exit 1; }
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL missing: apt-get install postgresql-15-postgis-3"; exit 1; }

want=" ${PEERS:-pygeoapi tipg martin} "
has() { [[ "$want" == *" $1 "* ]]; }
martin=$peers/martin/bin/martin
if has martin && [ ! -x "$martin" ]; then
  CARGO_TARGET_DIR=$peers/martin-target cargo install martin --version 1.14.0 --locked \
    --no-default-features --features postgres --root "$peers/martin"
fi
venv=$peers/pygeoapi-venv
if has pygeoapi && [ ! -x "$venv/bin/pygeoapi" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pygeoapi psycopg2-binary SQLAlchemy GeoAlchemy2 gunicorn
fi
tipg_venv=$peers/tipg-venv
if has tipg && [ ! -x "$tipg_venv/bin/uvicorn" ]; then
  python3 -m venv "$tipg_venv"
  "$tipg_venv/bin/pip" install -q tipg uvicorn
fi
python3 benches/peers/targets.py data "$out"

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  pg_kill "$work/pg"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1"; return 1; }
encoding=()
if [ -n "${ENCODING:-}" ]; then encoding=(-H "Accept-Encoding: $ENCODING"); fi
run() { # $1: name, $2: base URL, $3: lua script
  echo "== $1: wrk -t2 --latency -c$conns -d${duration}s ${encoding[*]} -s $3 $2"
  wrk -t2 --latency -c"$conns" -d"${duration}s" "${encoding[@]}" -s "$3" "$2" | tee "$out/$1.txt"
}

# --- PostGIS with the national QPV layer ------------------------------------------------------
pg_init "$work/pg"
pg_start "$work/pg" max_connections=200
psql -X -q -h 127.0.0.1 -p "$pg_port" -U quartiers -d postgres -c "CREATE DATABASE bench"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U quartiers -d bench -c "CREATE EXTENSION postgis"
# Our national file is already repaired (data/france/SOURCES.md): valid polygons, WGS84.
ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$pg_port user=quartiers dbname=bench" \
  /vsigzip/data/france/qpv2024.geojson.gz -nln qpv -lco GEOMETRY_NAME=geom -lco FID=fid \
  -nlt PROMOTE_TO_MULTI -a_srs EPSG:4326
psql -X -q -h 127.0.0.1 -p "$pg_port" -U quartiers -d bench \
  -c "ALTER TABLE qpv DROP CONSTRAINT qpv_pkey, ADD PRIMARY KEY (code); ANALYZE qpv" \
  -c "SELECT count(*) || ' QPV in PostGIS, ' || sum(ST_NPoints(geom)) || ' vertices, invalid: ' || count(*) FILTER (WHERE NOT ST_IsValid(geom)) FROM qpv" -At
database_url="postgresql://quartiers@127.0.0.1:$pg_port/bench"

# --- the servers --------------------------------------------------------------------------------
ours_port=$(free_port)
printf '[limits]\ntile_cache_mb = %s\n[log]\nlevel = "warn"\n' 0 > "$work/ours-cold.toml"
printf '[limits]\ntile_cache_mb = %s\n[log]\nlevel = "warn"\n' 256 > "$work/ours-cached.toml"
start_ours() { # $1: config
  "$QUARTIERS_BIN" serve --config "$1" --data data --addr "127.0.0.1:$ours_port" >"$work/ours.log" 2>&1 &
  ours_pid=$!; pids+=("$ours_pid")
  wait_for "http://127.0.0.1:$ours_port/ready"
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

pygeoapi_port=$(free_port)
peer_urls=()
if has pygeoapi; then
  sed -e "s/@PORT@/$pygeoapi_port/g" -e "s/@PGPORT@/$pg_port/g" benches/peers/pygeoapi.yml > "$work/pygeoapi.yml"
  export PYGEOAPI_CONFIG=$work/pygeoapi.yml PYGEOAPI_OPENAPI=$work/openapi.yml
  "$venv/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >/dev/null
  "$venv/bin/gunicorn" --workers 4 --bind "127.0.0.1:$pygeoapi_port" --log-level warning \
    pygeoapi.flask_app:APP >"$work/pygeoapi.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$pygeoapi_port/collections/qpv?f=json"
  peer_urls+=("pygeoapi=http://127.0.0.1:$pygeoapi_port")
fi
martin_port=$(free_port)
start_martin() { # $@: extra flags
  DATABASE_URL=$database_url "$martin" --listen-addresses "127.0.0.1:$martin_port" "$@" >"$work/martin.log" 2>&1 &
  martin_pid=$!; pids+=("$martin_pid")
  wait_for "http://127.0.0.1:$martin_port/catalog"
}
tipg_port=$(free_port)
if has tipg; then
  DATABASE_URL=$database_url TIPG_DB_SCHEMAS='["public"]' TIPG_MAX_FEATURES_PER_QUERY=10000 \
    "$tipg_venv/bin/uvicorn" tipg.main:app --host 127.0.0.1 --port "$tipg_port" --workers 4 \
    --log-level warning >"$work/tipg.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$tipg_port/collections/public.qpv"
  peer_urls+=("tipg=http://127.0.0.1:$tipg_port")
fi


echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_ours "$work/ours-cold.toml"
# Same requests, same answers: the QPV ids of sample pages, items, filtered pages and z14
# tiles agree before measuring (Martin only for the check, stopped before any measurement).
if has martin; then
  start_martin --cache-size 0
  peer_urls+=("martin=http://127.0.0.1:$martin_port")
fi
"$QUARTIERS_VENV/bin/python" benches/peers/same_answers.py "$out/paths.json" "http://127.0.0.1:$ours_port" "${peer_urls[@]}"
if has martin; then stop "$martin_pid"; fi
for kind in bbox single filtered; do
  run "ours_items_$kind" "http://127.0.0.1:$ours_port" "$out/items_$kind.lua"
  if has pygeoapi; then run "pygeoapi_items_$kind" "http://127.0.0.1:$pygeoapi_port" "$out/items_$kind.lua"; fi
  if has tipg; then run "tipg_items_$kind" "http://127.0.0.1:$tipg_port" "$out/items_${kind}_tipg.lua"; fi
done
run ours_tiles_cold "http://127.0.0.1:$ours_port" "$out/tiles_ours.lua"
if has tipg; then run tipg_tiles_cold "http://127.0.0.1:$tipg_port" "$out/tiles_tipg.lua"; fi
stop "$ours_pid"
if has martin; then
  start_martin --cache-size 0
  run martin_tiles_cold "http://127.0.0.1:$martin_port" "$out/tiles_martin.lua"
  stop "$martin_pid"
fi

start_ours "$work/ours-cached.toml"
xargs -P4 -I{} curl -s -o /dev/null "http://127.0.0.1:$ours_port/tiles/14/{}.mvt" < <(python3 -c "import json,sys; print('\n'.join(json.load(open('$out/paths.json'))['tiles']))")
run ours_tiles_cached "http://127.0.0.1:$ours_port" "$out/tiles_ours.lua"
stop "$ours_pid"
if has martin; then
  start_martin
  xargs -P4 -I{} curl -s -o /dev/null "http://127.0.0.1:$martin_port/qpv/14/{}" < <(python3 -c "import json,sys; print('\n'.join(json.load(open('$out/paths.json'))['tiles']))")
  run martin_tiles_cached "http://127.0.0.1:$martin_port" "$out/tiles_martin.lua"
  stop "$martin_pid"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 benches/peers/summary.py "$out"
