#!/usr/bin/env bash
# Soak (issue 18): the release server on a GeoPackage store, tile cache off, under wrk's
# CONNECTIONS connections of mixed requests (benches/soak/targets.py) for DURATION seconds, in
# windows of WINDOW seconds (one wrk run each: requests, errors, p50/p99), while a changed
# operations layer is imported and published through the admin API every PUBLISH_EVERY
# seconds and rolled back to its first version every ROLLBACK_EVERY seconds. RSS and open
# file descriptors are sampled every 5 s. Loopback only; bounded in time.
#
# Fails on any failed request or admin call, or when the median RSS over the last third of the
# run exceeds the median over the first third after WARMUP seconds by more than MAX_GROWTH_PCT
# percent. Prints a Markdown summary for
# benches/RESULTS.md (also in $OUT/summary.md).
#
# Usage: benches/soak/run.sh   (env: DURATION=600 WINDOW=60 WARMUP=60 CONNECTIONS=64
#        PUBLISH_EVERY=15 ROLLBACK_EVERY=60 MAX_GROWTH_PCT=10 TILE_CACHE_MB=0 OUT=dir
#        DATA=dir, the data directory the store is made from: data, or the 344 territories of
#        `territory init --all`, see benches/territories344;
#        SERVER_ENV="MALLOC_ARENA_MAX=2" to run the server with extra environment)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib.sh"
DURATION=${DURATION:-600} WINDOW=${WINDOW:-60} WARMUP=${WARMUP:-60} CONNECTIONS=${CONNECTIONS:-64}
PUBLISH_EVERY=${PUBLISH_EVERY:-15} ROLLBACK_EVERY=${ROLLBACK_EVERY:-60} MAX_GROWTH_PCT=${MAX_GROWTH_PCT:-10}
TILE_CACHE_MB=${TILE_CACHE_MB:-0} DATA=${DATA:-data}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }
[ -x "$QUARTIERS_BIN" ] || { echo "$QUARTIERS_BIN missing (cargo build --release -p quartiers)"; exit 1; }
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
work=$(mktemp -d)
pid="" admin_pid="" sampler_pid=""
cleanup() {
  for p in $admin_pid $sampler_pid $pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
python3 benches/soak/targets.py "$DATA" "$OUT" >/dev/null

export QUARTIERS_STORE="$work/store.gpkg" QUARTIERS_DATA="$DATA" QUARTIERS_AUTHOR=soak
"$QUARTIERS_BIN" versions >/dev/null
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
hash=$(echo "$token" | "$QUARTIERS_BIN" hash-token)
printf '[limits]\ntile_cache_mb = %s\n[log]\nlevel = "warn"\n[admin]\ntoken_hash = "%s"\nrequests_per_minute = 1000\n' \
  "$TILE_CACHE_MB" "$hash" > "$work/server.toml"
port=$(free_port)
base="http://127.0.0.1:$port"
# shellcheck disable=SC2086 # SERVER_ENV is a list of VAR=value words
env ${SERVER_ENV:-} "$QUARTIERS_BIN" serve --config "$work/server.toml" --store "$QUARTIERS_STORE" \
  --addr "127.0.0.1:$port" --web "$work/no-web" > "$OUT/server.log" 2>&1 &
pid=$!
wait_http "$base/ready" "$pid" "$OUT/server.log"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
fds() { ls "/proc/$pid/fd" | wc -l; }
t0=$(date +%s)
# Sampler: seconds since start, RSS (KiB), open descriptors.
(while kill -0 "$pid" 2>/dev/null; do echo "$(( $(date +%s) - t0 )) $(rss_kb) $(fds)"; sleep 5; done) > "$OUT/samples.txt" &
sampler_pid=$!

# The admin side: a changed operations layer every PUBLISH_EVERY s, a rollback every
# ROLLBACK_EVERY s. One line per call: seconds, action, HTTP status.
auth="Authorization: Bearer $token"
first_ops=$(curl -sf -H "$auth" "$base/admin/versions" | python3 -c \
  'import json,sys; print(min(v["numero"] for v in json.load(sys.stdin) if v["territoire"] == "annemasse-agglo" and v["couche"] == "operations"))')
admin() {
  local n=0 next_rollback=$ROLLBACK_EVERY
  while :; do
    sleep "$PUBLISH_EVERY"; n=$((n + 1))
    python3 - "$n" "$work/ops.geojson" <<'PY'
import json, sys
d = json.load(open("data/territories/annemasse-agglo/operations.geojson"))
f = d["features"][0]["properties"]
f["titre"] = f"{f['titre']} (essai {sys.argv[1]})"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
    code=$(curl -s -o "$work/imp.json" -w '%{http_code}' -H "$auth" -F "fichier=@$work/ops.geojson" \
      -F territoire=annemasse-agglo -F couche=operations "$base/admin/import")
    echo "$(( $(date +%s) - t0 )) import $code"
    id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("import") or "")' "$work/imp.json" 2>/dev/null || true)
    if [ -n "$id" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
        -d "{\"import\": $id, \"commentaire\": \"soak $n\"}" "$base/admin/publish")
      echo "$(( $(date +%s) - t0 )) publish $code"
    fi
    if [ $((n * PUBLISH_EVERY)) -ge "$next_rollback" ]; then
      next_rollback=$((next_rollback + ROLLBACK_EVERY))
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
        -d "{\"version\": $first_ops, \"commentaire\": \"soak retour\"}" "$base/admin/rollback")
      echo "$(( $(date +%s) - t0 )) rollback $code"
    fi
  done
}
admin > "$OUT/admin.txt" 2>&1 &
admin_pid=$!

windows=$(( (DURATION + WINDOW - 1) / WINDOW ))
: > "$OUT/windows.txt"
for w in $(seq 1 "$windows"); do
  wrk -t2 -c"$CONNECTIONS" -d"${WINDOW}s" --timeout 10s -s "$OUT/soak.lua" "$base" > "$OUT/wrk-$w.txt" 2>&1 || true
  line=$(grep '^soak-window' "$OUT/wrk-$w.txt" || echo "soak-window requests=0 errors=1 p50_ms=0 p99_ms=0")
  echo "$w $(( $(date +%s) - t0 )) $(rss_kb) $line" >> "$OUT/windows.txt"
done
kill "$admin_pid" 2>/dev/null || true; wait "$admin_pid" 2>/dev/null || true; admin_pid=""
end_fds=$(fds)
store_mb=$(du -cm "$QUARTIERS_STORE"* | tail -1 | cut -f1)
alive=1; kill -0 "$pid" 2>/dev/null || alive=0

python3 - "$OUT" "$WARMUP" "$MAX_GROWTH_PCT" "$end_fds" "$store_mb" "$alive" <<'PY'
import re, statistics, sys
out, warmup, max_growth, end_fds, store_mb, alive = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6] == "1"
samples = [tuple(map(int, l.split())) for l in open(f"{out}/samples.txt") if len(l.split()) == 3]
windows = []
for l in open(f"{out}/windows.txt"):
    w, t, rss, rest = l.split(" ", 3)
    kv = dict(re.findall(r"(\w+)=([\d.]+)", rest))
    windows.append((int(w), int(t), int(rss), int(kv["requests"]), int(kv["errors"]), float(kv["p50_ms"]), float(kv["p99_ms"])))
admin = [l.split() for l in open(f"{out}/admin.txt") if len(l.split()) == 3]
admin_bad = [a for a in admin if a[2] != "200"]
start = samples[0][1]
# RSS swings by a third under publishes (old and new snapshots coexist until the allocator's
# decay returns the pages): one sample against another measures where each fell in a swing.
# The median of the first third after warm-up against the median of the last third measures
# what stays: a kept snapshot raises every sample after it, a swing only some.
steady = [s[1] for s in samples if s[0] >= warmup] or [samples[-1][1]]
third = max(1, len(steady) // 3)
after, end = statistics.median(steady[:third]), statistics.median(steady[-third:])
peak = max(s[1] for s in samples)
growth = (end - after) / after * 100
requests = sum(w[3] for w in windows)
errors = sum(w[4] for w in windows)
lines = [
    f"| window | ends at (s) | requests | errors | p50 (ms) | p99 (ms) | RSS (MiB) |",
    f"|---|---|---|---|---|---|---|",
    *[f"| {w} | {t} | {r} | {e} | {p50:.1f} | {p99:.1f} | {rss / 1024:.0f} |" for w, t, rss, r, e, p50, p99 in windows],
    "",
    f"- requests: {requests}, errors: {errors}; admin calls: {sum(a[1] == 'publish' for a in admin)} publishes, "
    f"{sum(a[1] == 'rollback' for a in admin)} rollbacks, {sum(a[1] == 'import' for a in admin)} imports, {len(admin_bad)} failed",
    f"- RSS: {start / 1024:.0f} MiB at start; median {after / 1024:.0f} MiB over the first third after {warmup} s, "
    f"{end / 1024:.0f} MiB over the last third ({growth:+.1f} %; {len(steady)} samples every 5 s, "
    f"{min(steady) / 1024:.0f}–{max(steady) / 1024:.0f} MiB; peak {peak / 1024:.0f} MiB)",
    f"- open file descriptors at the end: {end_fds}; store size at the end: {store_mb} MiB",
]
text = "\n".join(lines)
open(f"{out}/summary.md", "w").write(text + "\n")
print(text)
problems = []
if errors:
    problems.append(f"{errors} failed requests")
if admin_bad:
    problems.append(f"failed admin calls: {admin_bad}")
if not admin or not any(a[1] == "publish" for a in admin):
    problems.append("no publish happened")
if growth > max_growth:
    problems.append(f"RSS grew {growth:.1f} % after warm-up (limit {max_growth} %)")
if not alive:
    problems.append("the server died")
if problems:
    print("SOAK FAILED: " + "; ".join(problems))
    sys.exit(1)
print("soak passed")
PY
