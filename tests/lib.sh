# Shared by the end-to-end suites and the benches: sourced first, it brings scripts/env.sh (the
# caches, $QUARTIERS_BIN, as $Q too), moves to the repository's root, and gives a free loopback
# port, waiting for a server to answer while making sure it has not exited, the admin token,
# the throwaway PostgreSQL cluster and the suites' ok/ko counts.
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$QUARTIERS_ROOT"
Q="$QUARTIERS_BIN"

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL PID LOG: waits up to 60 s for URL to answer 2xx. Fails, printing LOG, if the
# process PID exits first or the time runs out.
wait_http() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the server exited:"; cat "$log"; return 1; }
    sleep 0.5
  done
  echo "no answer from $url within 60 s:"; cat "$log"; return 1
}

# need_release_bin SUITE: the suite needs the release binary; without it the suite fails as one
# test.
need_release_bin() {
  [ -x "$QUARTIERS_BIN" ] && return 0
  echo "$1: $QUARTIERS_BIN missing (cargo build --release -p quartiers)"; echo "0 passed, 1 failed"; exit 1
}

# stop_server PID: ends a server the suite started (nothing when PID is empty) and reaps it.
stop_server() {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
}

# admin_config FILE [LINE...]: a new random admin token in $token, and FILE a server config
# whose [admin] section takes its hash, then the given TOML lines. Needs $Q, the binary.
admin_config() {
  local file=$1 hash
  shift
  token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  hash=$(echo "$token" | "$Q" hash-token)
  { echo "[admin]"; echo "token_hash = \"$hash\""; printf '%s\n' "$@"; } > "$file"
}

# scoped_token FILE NAME SLUG...: a new random token « NAME.<hex> » of a credential scoped to
# the SLUGs, appended to FILE (written by admin_config) as [[admin.tokens]]; prints the token.
scoped_token() {
  local file=$1 name=$2 secret hash list
  shift 2
  secret="$name.$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  hash=$(echo "$secret" | "$Q" hash-token --name "$name")
  list=$(printf '"%s", ' "$@")
  printf '[[admin.tokens]]\nname = "%s"\ntoken_hash = "%s"\nterritories = [%s]\n' "$name" "$hash" "${list%, }" >> "$file"
  echo "$secret"
}

# served_slugs PORT: the territories the server on 127.0.0.1:PORT serves (the `territoire` of
# its `territoires` collection's items), sorted, on one line. Fails when it does not answer.
served_slugs() {
  curl -sf "http://127.0.0.1:$1/collections/territoires/items?limit=100" \
    | python3 -c "import json, sys; print(' '.join(sorted(f['properties'].get('territoire', '') for f in json.load(sys.stdin)['features'])))"
}

# A throwaway PostgreSQL cluster (Debian's postgresql-15-postgis-3) for the suites on PostGIS.
# PGBIN: its binaries (no initdb there when PostgreSQL is not installed).
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
# as_pg CMD...: PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi

# pg_init DIR: a new cluster in DIR/data (trust, superuser quartiers), to listen on a free port
# given in $pg_port.
pg_init() {
  pg_port=$(free_port)
  mkdir -p "$1"
  if [ "$(id -u)" = 0 ]; then chown postgres "$1"; fi
  as_pg "$PGBIN/initdb" -D "$1/data" -A trust -U quartiers -N >/dev/null
}

# pg_start DIR [NAME=VALUE...]: starts DIR's cluster on 127.0.0.1:$pg_port (socket in DIR, log
# in DIR/log) with those settings, and waits for it.
pg_start() {
  local dir=$1 opts="" setting
  shift
  for setting in "$@"; do opts+=" -c $setting"; done
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1$opts" start >/dev/null
}

# pg_kill DIR: stops DIR's cluster at once, if there is one (the suites' cleanup).
pg_kill() {
  if [ -d "$1/data" ]; then as_pg "$PGBIN/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true; fi
}

# ok NAME / ko NAME [OUTPUT]: a suite's check passed or failed (counted in $passed and $failed,
# which the suite sets to 0), ko printing the last 20 lines of OUTPUT.
ok() { passed=$((passed + 1)); echo "ok - $1"; }
ko() { failed=$((failed + 1)); echo "FAILED - $1"; [ -n "${2:-}" ] && echo "$2" | tail -n 20; return 0; }
