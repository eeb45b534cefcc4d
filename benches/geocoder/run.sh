#!/usr/bin/env bash
# Geocoder benchmark (issue 7): accuracy (top-1/top-5 per query form) and single-threaded
# latency on the geocoder-tester addresses and on a département-sized file generated from
# them, import time and index size. Results go in benches/RESULTS.md (## geocoder).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$QUARTIERS_ROOT"
gt=tests/data/geocoder-tester
gen=benches/generated
mkdir -p "$gen"

# GENERATED DATA: 500,000 rows from the 925 real ones (see gen_departement.py).
[ -f "$gen/adresses-synth-500k.csv.gz" ] ||
  python3 benches/geocoder/gen_departement.py "$gt/ban_dev.csv.gz" "$gen/adresses-synth-500k.csv.gz"

cargo build --release -p quartiers -p geocoder --example eval
eval_bin="$CARGO_TARGET_DIR/release/examples/eval"

echo "== import (quartiers import-addresses, release)"
/usr/bin/time -f "import: %e s wall, %M KiB max RSS" \
  "$QUARTIERS_BIN" import-addresses "$gen/adresses-synth-500k.csv.gz" --addresses "$gen/addr-500k"
/usr/bin/time -f "import: %e s wall, %M KiB max RSS" \
  "$QUARTIERS_BIN" import-addresses "$gt/ban_dev.csv.gz" --addresses "$gen/addr-gt"

echo "== geocoder-tester index (925 addresses)"
/usr/bin/time -f "eval: %M KiB max RSS" "$eval_bin" --index "$gen/addr-gt" --ban "$gt/ban_dev.csv.gz" \
  --queries "$gt/geocoder_queries_dev.csv" --queries benches/geocoder/own_queries.csv --repeat 5
echo "== département-sized index (500,000 generated addresses)"
/usr/bin/time -f "eval: %M KiB max RSS" "$eval_bin" --index "$gen/addr-500k" \
  --ban "$gen/adresses-synth-500k.csv.gz" \
  --queries "$gt/geocoder_queries_dev.csv" --queries benches/geocoder/own_queries.csv \
  --repeat 5 --show-failures 30
