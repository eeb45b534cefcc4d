#!/usr/bin/env bash
# Load benchmarks of `quartiers serve` with wrk (server and load generator on the same
# machine): /impacts on random points of Annemasse Agglo (compact, then complete answers), on
# varied points (all, then those outside the loaded territory), cached
# z14 tiles, cold z14 tiles (cache off). Notes the load average, since the figures depend on
# what else runs.
# Prints wrk's reports; the figures go to benches/RESULTS.md with this command.
# Usage: benches/server/run.sh [DURATION_S=30] [CONNECTIONS=64]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
duration=${1:-30}
conns=${2:-64}
out=benches/generated/server
mkdir -p "$out"
python3 benches/server/targets.py data "$out"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }

pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap stop EXIT
start() { # $1: tile cache in MiB
  local port
  port=$(free_port)
  printf '[limits]\ntile_cache_mb = %s\n[log]\nlevel = "%s"\n' "$1" "${BENCH_LOG:-warn}" > "$out/config.toml"
  "$QUARTIERS_BIN" serve --config "$out/config.toml" --data data --addr "127.0.0.1:$port" \
    > "$out/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.5; done
  base="http://127.0.0.1:$port"
}
run() { # $1: name, $2: lua script, rest: wrk options
  local name=$1 script=$2; shift 2
  echo "== $name: wrk -t2 $* -s $script"
  wrk -t2 --latency "$@" -s "$script" "$base" | tee "$out/$name.txt"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start 256
run impacts_annemasse "$out/impacts_annemasse.lua" -c"$conns" -d"${duration}s"
run impacts_annemasse_complet "$out/impacts_annemasse_complet.lua" -c"$conns" -d"${duration}s"
run impacts "$out/impacts.lua" -c"$conns" -d"${duration}s"
run impacts_national "$out/impacts_national.lua" -c"$conns" -d"${duration}s"
# Warm the cache with every tile once, then measure cached answers.
xargs -P4 -I{} curl -s -o /dev/null "$base{}" < "$out/tiles_z14.txt"
run tiles_cached "$out/tiles_z14.lua" -c"$conns" -d"${duration}s"
stop

start 0
run tiles_cold_c4 "$out/tiles_z14.lua" -c4 -d"${duration}s"
run tiles_cold_c64 "$out/tiles_z14.lua" -c"$conns" -d"${duration}s"
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
