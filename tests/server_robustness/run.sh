#!/usr/bin/env bash
# The release server as an operator meets it: configuration errors named by key, a taken
# port refused, raw garbage on the socket survived, every error a problem+json, SIGTERM
# ending the process cleanly after the requests in flight.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$QUARTIERS_ROOT"
exec python3 tests/server_robustness/check.py "$QUARTIERS_BIN"
