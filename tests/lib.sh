# Shared by the end-to-end suites (source it after scripts/env.sh): a free loopback port, and
# waiting for a server to answer while making sure it has not exited.

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
