#!/usr/bin/env bash
# /health under attack (issue 26): the release server with its default budgets, wrk measuring
# GET /health on CONNECTIONS connections for DURATION seconds, first alone, then while
# ATTACKERS clients keep sending costly requests in a loop (benches/attack/attack.py: CQL2
# spatial filters just under the work budget, drawn polygons, GeoPackage exports). Prints the
# /health latency (p50, p99, max) of both runs and what the attackers got, as Markdown for
# benches/RESULTS.md. Loopback only; bounded in time.
#
# Usage: benches/attack/run.sh   (env: DURATION=20 CONNECTIONS=4 ATTACKERS=8)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
DURATION=${DURATION:-20} CONNECTIONS=${CONNECTIONS:-4} ATTACKERS=${ATTACKERS:-8}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }
need_release_bin attack
work=$(mktemp -d)
pid="" attack_pid=""
cleanup() {
  for p in $attack_pid $pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
port=$(free_port)
printf '[log]\nlevel = "warn"\n' > "$work/server.toml"
"$Q" serve --data data --config "$work/server.toml" --addr "127.0.0.1:$port" > "$work/server.log" 2>&1 &
pid=$!
wait_http "http://127.0.0.1:$port/ready" "$pid" "$work/server.log"

latency() { # label: wrk on /health, one Markdown row
  wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" --latency "http://127.0.0.1:$port/health" > "$work/wrk.txt"
  python3 - "$1" "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[2]).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M)}
mx = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", text)
req = re.search(r"Requests/sec:\s+([\d.]+)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"| {sys.argv[1]} | {pct['50']:.2f} | {pct['99']:.2f} | {ms(*mx.groups()):.1f} | {float(req.group(1)):.0f} | {errors.group(1) if errors else 0} |")
PY
}

echo "| /health | p50 ms | p99 ms | max ms | req/s | non-2xx |"
echo "|---|---|---|---|---|---|"
latency "alone"
python3 benches/attack/attack.py "$port" "$ATTACKERS" "$((DURATION + 5))" > "$work/attack.txt" &
attack_pid=$!
sleep 3
latency "with $ATTACKERS attackers"
wait "$attack_pid" || true
attack_pid=""
echo
cat "$work/attack.txt"
grep -q panicked "$work/server.log" && { echo "the server panicked"; exit 1; }
exit 0
