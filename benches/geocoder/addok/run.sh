#!/usr/bin/env bash
# addok side by side (issue 7): Debian's redis-server on a free loopback port, PyPI addok +
# addok-fr + addok-france configured as the BAN does, the same BAN CSV, the same queries.
# Needs: apt-get install redis-server; pip install addok addok-fr addok-france (venv $ADDOK_VENV).
# Usage: benches/geocoder/addok/run.sh BAN.csv.gz QUERIES.csv [...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${ADDOK_VENV:-/tmp/addokenv}"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redis=$!
trap 'kill $redis 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
export REDIS_PORT=$port ADDOK_CONFIG_MODULE="$here/addok_ban.conf"
ban=$1; shift
python3 "$here/ban_to_addok.py" "$ban" "$work/ban.jsonl"
/usr/bin/time -f "addok batch: %e s" "$venv/bin/addok" batch "$work/ban.jsonl" >/dev/null
/usr/bin/time -f "addok ngrams: %e s" "$venv/bin/addok" ngrams >/dev/null
"$venv/bin/python" "$here/eval_addok.py" "$ban" "$@"
