#!/usr/bin/env bash
# Timings of the SIG workflow with the release binary (issue 6): creating the store from
# data/, importing the national QPV layer (1,584 polygons) from a Lambert-93 GeoPackage, its
# publication, and how long a running server takes to serve a new version (admin API, and a
# CLI publish picked up by the server's store check). Prints a Markdown table.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$QUARTIERS_ROOT"
Q="$QUARTIERS_BIN"
work=$(mktemp -d)
export QUARTIERS_STORE="$work/store.gpkg" QUARTIERS_DATA=data QUARTIERS_AUTHOR=bench
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f} s')" "$1" "$(now)"; }

t=$(now); "$Q" versions > /dev/null; seed=$(since "$t")
ogr2ogr -f GPKG -t_srs EPSG:2154 "$work/qpv.gpkg" /vsigzip/data/france/qpv2024.geojson.gz -nln qpv 2>/dev/null
t=$(now); "$Q" diff --territory france --layer qpv "$work/qpv.gpkg" > /dev/null; diff_t=$(since "$t")
t=$(now); "$Q" import --territory france --layer qpv "$work/qpv.gpkg" --publish > /dev/null; import_t=$(since "$t")

token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '[admin]\ntoken_hash = "%s"\nreload_check_s = 1\n' "$(echo "$token" | "$Q" hash-token)" > "$work/server.toml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
RUST_LOG=warn "$Q" serve --config "$work/server.toml" --store "$QUARTIERS_STORE" --addr "127.0.0.1:$port" \
  --web "$work/none" > "$work/server.log" 2>&1 & pid=$!
t=$(now)
until curl -sf "$base/ready" > /dev/null; do sleep 0.1; done
start_t=$(since "$t")
version() { curl -sf "$base/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version_donnees"])'; }

# Admin API: publish a perimeters import; the answer comes once the new version is served.
ogr2ogr -f GPKG -t_srs EPSG:2154 "$work/l93.gpkg" data/territories/annemasse-agglo/perimeters.geojson -nln p 2>/dev/null
ogr2ogr -f GPKG "$work/p.gpkg" "$work/l93.gpkg" -nln p -dialect SQLite \
  -sql "SELECT CASE WHEN code = 'QN07402M' THEN ST_Buffer(geom, 40) ELSE geom END AS geom, code, nom, type, insee_com, millesime, precision_geometrie, motif_precision FROM p" 2>/dev/null
auth="Authorization: Bearer $token"
import=$(curl -sf -H "$auth" -F "fichier=@$work/p.gpkg" -F territoire=annemasse-agglo -F couche=perimetres \
  "$base/admin/import" | python3 -c 'import json,sys; print(json.load(sys.stdin)["import"])')
t=$(now)
curl -sf -H "$auth" -H 'Content-Type: application/json' -d "{\"import\": $import}" "$base/admin/publish" > /dev/null
admin_t=$(since "$t")

# CLI publish (a rollback here) while the server runs: until the server serves it.
before=$(version)
t=$(now)
"$Q" rollback 4 > /dev/null
until [ "$(version)" != "$before" ]; do sleep 0.05; done
cli_t=$(since "$t")

cat <<MD
| step | time |
|---|---|
| create the store from data/ (national layer + Annemasse Agglo, 10 versions) | $seed |
| \`quartiers diff\` of the national QPV layer from a Lambert-93 GeoPackage (read, reproject, validate 1,584 polygons, compare) | $diff_t |
| \`quartiers import --publish\` of the same (one transaction) | $import_t |
| \`quartiers serve --store\`: start until ready | $start_t |
| \`POST /admin/publish\` of a perimeters import, until the new version is served | $admin_t |
| \`quartiers rollback\` from the CLI until the running server serves it (store checked every 1 s) | $cli_t |
MD
