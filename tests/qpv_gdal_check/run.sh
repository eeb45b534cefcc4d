#!/usr/bin/env bash
# Independent check of QPV membership (issue 3): 10,000 seeded points across France and the
# overseas departments, classified by `quartiers locate` on the national QPV layer alone and
# by GEOS through GDAL/OGR on the same polygons (data/france/qpv2024.geojson.gz). Points
# within 1 m of an edge are excluded; every other point must agree. See check.py.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$QUARTIERS_ROOT"
here=tests/qpv_gdal_check

python="$QUARTIERS_VENV/bin/python"
[ -x "$python" ] || python=/usr/bin/python3
[ -x "$QUARTIERS_BIN" ] || { echo "qpv_gdal_check: $QUARTIERS_BIN missing (cargo build --release -p quartiers)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The national layer only: a territory's own outlines would answer inside its box.
mkdir -p "$work/data"
ln -s "$QUARTIERS_ROOT/data/france" "$work/data/france"
qpv=data/france/qpv2024.geojson.gz

"$python" $here/check.py points "$qpv" "$work/points.csv"

TIMEFORMAT="quartiers locate: %R s (data load included)"
time "$QUARTIERS_BIN" locate "$work/points.csv" -o "$work/located.csv" --data "$work/data"
"$python" $here/check.py compare "$qpv" "$work/located.csv"
