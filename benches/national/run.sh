#!/usr/bin/env bash
# The national references' costs (issue 25), side by side in one run:
# - start: time from launch to /ready of the default server with the national references
#   (data/) and without them (a copy of data/ whose france/ holds only the QPV layer, as
#   before the references), best of 3 each;
# - memory: the default server's peak RSS (/usr/bin/time -v) over the whole run below;
# - throughput: wrk -t2 on /health (the floor), /impacts on random points of France and on
#   random points inside QPVs, one after the other on the same server.
# Prints the figures; they go to benches/RESULTS.md with this command.
# Usage: benches/national/run.sh [DURATION_S=15] [CONNECTIONS=64]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
duration=${1:-15}
conns=${2:-64}
out=benches/generated/national
rm -rf "$out" && mkdir -p "$out"
python3 benches/national/targets.py data "$out"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }

# The data as it was before the national references: territories and the QPV layer only.
before="$out/data_before"
mkdir -p "$before/france"
ln -s "$QUARTIERS_ROOT/data/territories" "$before/territories"
cp data/france/qpv2024.geojson.gz data/france/qpv2024.geojson.gz.sha256 "$before/france/"

pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap stop EXIT
printf '[log]\nlevel = "warn"\n' > "$out/config.toml"

start_time() { # $1: data dir → seconds to /ready
  local port t0 t1
  port=$(free_port)
  t0=$(date +%s.%N)
  "$QUARTIERS_BIN" serve --config "$out/config.toml" --data "$1" --addr "127.0.0.1:$port" --addresses "$out/none" \
    > "$out/start.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/ready"; do sleep 0.02; done
  t1=$(date +%s.%N)
  stop
  python3 -c "print(f'{$t1 - $t0:.2f}')"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in 1 2 3; do
  echo "start without the references (run $run): $(start_time "$before") s"
  echo "start with the references (run $run): $(start_time data) s"
done

port=$(free_port)
/usr/bin/time -v "$QUARTIERS_BIN" serve --config "$out/config.toml" --data data --addr "127.0.0.1:$port" \
  --addresses "$out/none" > "$out/server.log" 2> "$out/time.txt" &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/ready"; do sleep 0.05; done
base="http://127.0.0.1:$port"
# Every answer is checked once first: no error before measuring.
while read -r path; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  [ "$code" = 200 ] || { echo "$path answered $code"; exit 1; }
done < "$out/check.txt"
for name in health impacts_france impacts_qpv; do
  echo "== $name: wrk -t2 -c$conns -d${duration}s"
  wrk -t2 --latency -c"$conns" -d"${duration}s" -s "$out/$name.lua" "$base" | tee "$out/$name.txt"
done
# The server is time's child: stop it, and time reports.
pkill -INT -P "$pid"; wait "$pid" 2>/dev/null || true; pid=""
echo "peak RSS of the default server: $(grep 'Maximum resident' "$out/time.txt" | awk '{print $NF}') KB"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
