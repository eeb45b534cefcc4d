#!/usr/bin/env bash
# The release server as an operator meets it (check.py): configuration errors named by key, a
# taken port refused, raw garbage on the socket survived, every error a problem+json, SIGTERM
# ending the process cleanly after the requests in flight. And as an attacker meets it
# (hostile.py, issue 26): slow clients cut off, a client's mistakes answered 4xx, the time and
# memory of each costly request bounded and printed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin server_robustness
passed=0; failed=0
for script in check.py hostile.py; do
  out=$(python3 "tests/server_robustness/$script" "$QUARTIERS_BIN" 2>&1) || true
  echo "$out" | sed '$d'
  read -r p _ f _ <<< "$(echo "$out" | tail -n 1)"
  [[ "$p" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ ]] || { p=0; f=1; echo "FAIL $script did not finish"; }
  passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
