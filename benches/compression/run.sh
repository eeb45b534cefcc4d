#!/usr/bin/env bash
# Compressed answers against the HTTP floor (issue 31), side by side in one run on one server:
# wrk -t2 on /health, then /impacts on random points of Annemasse Agglo and on random points
# inside the QPVs of France, each without and with `Accept-Encoding: gzip, br`. Before
# measuring, 200 answers of each kind are asked both ways with curl: the compressed one must
# say gzip, carry its exact Content-Length and decode to the uncompressed bytes, or the run
# stops. Then the compressed scenarios again on a server that remembers no compressed answer
# (`compressed_cache_mb = 0`), and, when BEFORE_BIN names another binary, all of them on it.
# Prints wrk's reports and the ratios to /health; the figures go to
# benches/RESULTS.md with this command. The 400 answers checked are kept in
# benches/generated/compression/answers/ for `cargo bench -p server --bench encoders`.
# Usage: benches/compression/run.sh [DURATION_S=10] [CONNECTIONS=64]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
duration=${1:-10}
conns=${2:-64}
out=benches/generated/compression
rm -rf "$out" && mkdir -p "$out/server" "$out/national" "$out/answers"
python3 benches/server/targets.py data "$out/server" > /dev/null
python3 benches/national/targets.py data "$out/national" > /dev/null
python3 benches/compression/targets.py "$out"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }

pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap stop EXIT
start() { # $1: binary, $2: compressed_cache_mb (empty: the binary's default, for BEFORE_BIN)
  printf '[log]\nlevel = "warn"\n' > "$out/config.toml"
  [ -z "$2" ] || printf '[limits]\ncompressed_cache_mb = %s\n' "$2" >> "$out/config.toml"
  local port
  port=$(free_port)
  "$1" serve --config "$out/config.toml" --data data --addr "127.0.0.1:$port" \
    --addresses "$out/none" > "$out/server.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/ready"; do sleep 0.05; done
  base="http://127.0.0.1:$port"
}
start "$QUARTIERS_BIN" 16

for name in annemasse qpv; do
  n=0
  while read -r path; do
    n=$((n + 1))
    curl -sf -o "$out/plain" "$base$path"
    # Kept for the encoders' comparison: cargo bench -p server --bench encoders.
    cp "$out/plain" "$out/answers/$name-$n.json"
    curl -sf -D "$out/head" -H 'Accept-Encoding: gzip, br' -o "$out/packed" "$base$path"
    grep -qi '^content-encoding: gzip' "$out/head" || { echo "$path: not gzipped"; exit 1; }
    length=$(grep -i '^content-length:' "$out/head" | tr -dc '0-9')
    [ "$length" = "$(stat -c %s "$out/packed")" ] || { echo "$path: Content-Length $length"; exit 1; }
    gzip -dc "$out/packed" | cmp -s - "$out/plain" || { echo "$path: decodes differently"; exit 1; }
  done < "$out/${name}_check.txt"
  echo "$name: 200 compressed answers decode to the uncompressed bytes, Content-Length exact"
done

measure() { # $1: label, then the scenarios
  local label=$1
  shift
  for name in "$@"; do
    echo "== $label $name: wrk -t2 --latency -c$conns -d${duration}s"
    wrk -t2 --latency -c"$conns" -d"${duration}s" -s "$out/$name.lua" "$base" | tee "$out/$label-$name.txt"
  done
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure ours health annemasse annemasse_gzip qpv qpv_gzip
# Every answer compressed anew: wrk cycles through 3,000 points, whose compressed answers the
# default memory of 16 MiB ends up holding.
stop
start "$QUARTIERS_BIN" 0
measure nomemory health annemasse_gzip qpv_gzip
# The same requests to another binary (BEFORE_BIN, e.g. main's before a change).
if [ -n "${BEFORE_BIN:-}" ]; then
  stop
  start "$BEFORE_BIN" ""
  measure before health annemasse annemasse_gzip qpv qpv_gzip
fi
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rps() { awk '/Requests\/sec/ {print $2}' "$out/$1.txt"; }
per() { awk '/Requests\/sec/ {r=$2} /Transfer\/sec/ {t=$2} END {
  m = t ~ /GB/ ? 1e9 : t ~ /MB/ ? 1e6 : t ~ /KB/ ? 1e3 : 1; sub(/[A-Za-z]+/, "", t); printf "%.0f", t * m / r }' "$out/$1.txt"; }
for label in ours nomemory before; do
  [ -f "$out/$label-health.txt" ] || continue
  floor=$(rps "$label-health")
  for name in annemasse annemasse_gzip qpv qpv_gzip; do
    [ -f "$out/$label-$name.txt" ] || continue
    python3 -c "print(f'$label $name: {$(rps "$label-$name"):,.0f} req/s, {$(rps "$label-$name") / $floor:.2f}x /health ({$floor:,.0f}), ~$(per "$label-$name") bytes per answer')"
  done
done
