#!/usr/bin/env bash
# What listing the addresses entering and leaving a redrawn perimeter costs on a
# département-sized address index (issue 6): `quartiers diff` of the Annemasse perimeters with
# QN07401M grown by 40 m, without addresses and with N generated addresses (default 500,000)
# spread uniformly over the territory's bounding box — far denser than real addresses around a
# QPV, so the point-in-polygon share is a worst case. Prints a Markdown table.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$QUARTIERS_ROOT"
Q="$QUARTIERS_BIN"
N=${1:-500000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QUARTIERS_STORE="$work/store.gpkg" QUARTIERS_DATA=data QUARTIERS_AUTHOR=bench
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f} s')" "$1" "$(now)"; }
"$Q" versions > /dev/null
ogr2ogr -f GPKG -t_srs EPSG:2154 "$work/l93.gpkg" data/territories/annemasse-agglo/perimeters.geojson -nln perimetres 2>/dev/null
fields="type, insee_com, millesime, codes_predecesseurs, codes_successeurs, anciens_noms, precision_geometrie, motif_precision, source_document, source_section"
ogr2ogr -f GPKG "$work/redrawn.gpkg" "$work/l93.gpkg" -nln perimetres -dialect SQLite \
  -sql "SELECT CASE WHEN code = 'QN07401M' THEN ST_Buffer(geom, 40) ELSE geom END AS geom, code, nom, $fields FROM perimetres" 2>/dev/null
python3 - "$N" "$work/ban.csv" <<'PY'
import csv, random, sys, tomllib
n, out = int(sys.argv[1]), sys.argv[2]
with open("data/territories/annemasse-agglo/territory.toml", "rb") as f:
    west, south, east, north = tomllib.load(f)["bbox"]
rng = random.Random(6)
with open(out, "w", newline="") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat"])
    for i in range(n):
        street = i // 50
        w.writerow([f"74012_s{street:05d}_{i % 50 + 1:05d}", i % 50 + 1, "", f"Voie générée {street}", "74100",
                    "74012", "Annemasse", f"{rng.uniform(west, east):.6f}", f"{rng.uniform(south, north):.6f}"])
PY
t=$(now); "$Q" import-addresses --addresses "$work/addr" "$work/ban.csv" > /dev/null; import_t=$(since "$t")
t=$(now); "$Q" diff --territory annemasse-agglo --layer perimetres "$work/redrawn.gpkg" --addresses "$work/none" --json > "$work/without.json"; without=$(since "$t")
t=$(now); "$Q" diff --territory annemasse-agglo --layer perimetres "$work/redrawn.gpkg" --addresses "$work/addr" --json > "$work/with.json"; with=$(since "$t")
read -r examined moved < <(python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['diff']['adresses']; print(a['nb_adresses_examinees'], sum(p['nb_entrees'] + p['nb_sorties'] for p in a['perimetres']))" "$work/with.json")
echo "| addresses | import-addresses | diff without addresses | diff with addresses (index load included) | examined (in the box) | entering or leaving |"
echo "|---|---|---|---|---|---|"
echo "| $N generated | $import_t | $without | $with | $examined | $moved |"
