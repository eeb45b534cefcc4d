#!/usr/bin/env bash
# The soak in short (issue 18): benches/soak/run.sh for 90 s, 64 connections of mixed requests,
# a publish every 15 s and a rollback every 30 s. Fails on any failed request or admin call and
# on RSS growth beyond SOAK_MAX_GROWTH_PCT (25 %) from the median RSS of the first third after
# 45 s (after three publishes and a rollback) to the median of the last third. The first
# minute is still warming up (from 30 s to 60 s: +16 to +25 % with four territories, on a
# loaded machine) where the 10-minute run holds 10 % (benches/RESULTS.md); an allocator keeping
# each snapshot (+110 % in a minute) fails it either way.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin soak
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if DURATION=90 WINDOW=15 WARMUP=45 CONNECTIONS=64 PUBLISH_EVERY=15 ROLLBACK_EVERY=30 \
   MAX_GROWTH_PCT=${SOAK_MAX_GROWTH_PCT:-25} OUT="$out" bash benches/soak/run.sh; then
  echo "1 passed, 0 failed"
else
  echo "server log (last lines):"; tail -n 20 "$out/server.log" 2>/dev/null || true
  echo "0 passed, 1 failed"; exit 1
fi
